/** Connection-level services on a {@link dev.flashbank.core.target.DebugTarget}: target identification. */
package dev.flashbank.core.session;
