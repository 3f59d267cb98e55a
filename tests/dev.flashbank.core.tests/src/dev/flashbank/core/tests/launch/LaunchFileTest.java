package dev.flashbank.core.tests.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.launch.LaunchAttributes;
import dev.flashbank.core.launch.LaunchFile;
import dev.flashbank.core.launch.LaunchSpecException;

/** The .launch reader gives the same map as ILaunchConfiguration.getAttributes(), and refuses what is not one. */
class LaunchFileTest {

    @TempDir
    Path tmp;

    static final String ECLIPSE_FILE = """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <launchConfiguration type="dev.flashbank.launch.bankUpdate">
                <booleanAttribute key="dev.flashbank.launch.update.swap" value="true"/>
                <booleanAttribute key="dev.flashbank.launch.update.verify" value="false"/>
                <intAttribute key="dev.flashbank.launch.target.swdKHz" value="4000"/>
                <listAttribute key="org.eclipse.debug.ui.favoriteGroups">
                    <listEntry value="org.eclipse.debug.ui.launchGroup.run"/>
                    <listEntry value="org.eclipse.debug.ui.launchGroup.debug"/>
                </listAttribute>
                <setAttribute key="s"><setEntry value="a"/><setEntry value="b"/></setAttribute>
                <mapAttribute key="org.eclipse.debug.core.environmentVariables">
                    <mapEntry key="A" value="1"/>
                </mapAttribute>
                <stringAttribute key="dev.flashbank.launch.image.path" value="${workspace_loc:/app/Debug/app &amp; co.elf}"/>
            </launchConfiguration>
            """;

    @Test
    void readsEveryAttributeKindWithItsJavaType() throws Exception {
        Path f = tmp.resolve("Update app.launch");
        Files.writeString(f, ECLIPSE_FILE);
        LaunchFile lf = LaunchFile.read(f);
        assertThat(lf.type()).isEqualTo(LaunchAttributes.TYPE_BANK_UPDATE);
        assertThat(lf.name()).isEqualTo("Update app");
        Map<String, Object> a = lf.attributes();
        assertThat(a.get(LaunchAttributes.SWAP)).isEqualTo(Boolean.TRUE);
        assertThat(a.get(LaunchAttributes.VERIFY)).isEqualTo(Boolean.FALSE);
        assertThat(a.get(LaunchAttributes.SWD_FREQUENCY_KHZ)).isEqualTo(4000);
        assertThat(a.get("org.eclipse.debug.ui.favoriteGroups")).isEqualTo(
                List.of("org.eclipse.debug.ui.launchGroup.run", "org.eclipse.debug.ui.launchGroup.debug"));
        assertThat(a.get("s")).isEqualTo(Set.of("a", "b"));
        assertThat(a.get("org.eclipse.debug.core.environmentVariables")).isEqualTo(Map.of("A", "1"));
        assertThat(a.get(LaunchAttributes.IMAGE_PATH)).isEqualTo("${workspace_loc:/app/Debug/app & co.elf}");
    }

    @Test
    void refusesFilesThatAreNotLaunchConfigurations() {
        assertThatThrownBy(() -> parse("<project><x/></project>")).isInstanceOf(LaunchSpecException.class)
                .hasMessageContaining("root element is <project>");
        assertThatThrownBy(() -> parse("<launchConfiguration/>")).hasMessageContaining("no type");
        assertThatThrownBy(() -> parse("not xml")).hasMessageContaining("is not a launch configuration file");
        assertThatThrownBy(() -> parse("<launchConfiguration type=\"t\"><intAttribute key=\"k\" value=\"x\"/>"
                + "</launchConfiguration>")).hasMessageContaining("intAttribute k = 'x' is not a number");
        assertThatThrownBy(() -> parse("<launchConfiguration type=\"t\"><fooAttribute key=\"k\" value=\"x\"/>"
                + "</launchConfiguration>")).hasMessageContaining("unknown element <fooAttribute>");
    }

    @Test
    void refusesADoctypeSoNoExternalEntityIsEverRead() throws Exception {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOP SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<launchConfiguration type=\"t\"><stringAttribute key=\"k\" value=\"&x;\"/></launchConfiguration>";
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(LaunchSpecException.class)
                .message().doesNotContain("TOP SECRET");
    }

    private LaunchFile parse(String xml) throws LaunchSpecException {
        return LaunchFile.parse(tmp.resolve("x.launch"), new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
