package io.genscope.repl.model;

import io.genscope.parser.decode.Command;

/**
 * One walked command of a capture, numbered across the whole capture in the order {@code genscope
 * decode} prints them.
 *
 * @param index position among all the capture's commands, from 0 (the {@code #N} users type)
 * @param item the submission (or lone buffer) whose walk reached it
 * @param depth 1 for the ring or first buffer, +1 for each batch level
 * @param batch the {@link Batch} it belongs to
 * @param command the decoded command
 */
public record Entry(int index, int item, int depth, int batch, Command command) {
    public String name() {
        return command.name();
    }

    public long address() {
        return command.address();
    }
}
