package dev.flashbank.ui.tests;

import java.lang.reflect.Field;
import java.util.List;

import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.accessibility.Accessible;
import org.eclipse.swt.accessibility.AccessibleControlEvent;
import org.eclipse.swt.accessibility.AccessibleControlListener;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.accessibility.AccessibleListener;
import org.eclipse.swt.widgets.Control;

/**
 * What a screen reader asks a control, asked the way the platform bridge does (SWT's ATK bridge calls the listeners the
 * control registered on its {@link Accessible}; SWT has no public getter, so the lists are read reflectively). A
 * custom-drawn widget that registered nothing answers null / 0, as it does to Orca.
 */
final class Accessibility {

    private Accessibility() {
    }

    static String name(Control c, int childId) {
        AccessibleEvent e = new AccessibleEvent(c.getAccessible());
        e.childID = childId;
        for (AccessibleListener l : Accessibility.<AccessibleListener>listeners(c, "accessibleListeners")) {
            l.getName(e);
        }
        return e.result;
    }

    static int childCount(Control c) {
        AccessibleControlEvent e = controlEvent(c, ACC.CHILDID_SELF);
        controlListeners(c).forEach(l -> l.getChildCount(e));
        return e.detail;
    }

    /** The focused child's id, {@link ACC#CHILDID_SELF} or {@link ACC#CHILDID_NONE}. */
    static int focus(Control c) {
        AccessibleControlEvent e = controlEvent(c, ACC.CHILDID_NONE);
        controlListeners(c).forEach(l -> l.getFocus(e));
        return e.childID;
    }

    static int role(Control c, int childId) {
        AccessibleControlEvent e = controlEvent(c, childId);
        controlListeners(c).forEach(l -> l.getRole(e));
        return e.detail;
    }

    static int state(Control c, int childId) {
        AccessibleControlEvent e = controlEvent(c, childId);
        controlListeners(c).forEach(l -> l.getState(e));
        return e.detail;
    }

    static String value(Control c, int childId) {
        AccessibleControlEvent e = controlEvent(c, childId);
        controlListeners(c).forEach(l -> l.getValue(e));
        return e.result;
    }

    private static AccessibleControlEvent controlEvent(Control c, int childId) {
        AccessibleControlEvent e = new AccessibleControlEvent(c.getAccessible());
        e.childID = childId;
        return e;
    }

    private static List<AccessibleControlListener> controlListeners(Control c) {
        return listeners(c, "accessibleControlListeners");
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> listeners(Control c, String field) {
        try {
            Field f = Accessible.class.getDeclaredField(field);
            f.setAccessible(true);
            List<T> l = (List<T>) f.get(c.getAccessible());
            return l == null ? List.of() : List.copyOf(l);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("SWT's Accessible has no list " + field, e);
        }
    }
}
