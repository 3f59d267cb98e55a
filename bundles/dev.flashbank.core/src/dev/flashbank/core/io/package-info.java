/**
 * File handling shared by everything that writes what the user owns (board state files, option-byte backups and
 * profiles, memory dumps): written atomically, never truncated by a crash or a refused operation.
 */
package dev.flashbank.core.io;
