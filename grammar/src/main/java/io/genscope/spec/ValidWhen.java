package io.genscope.spec;

/**
 * A condition under which a field means something, e.g. PIPE_CONTROL's Address only when
 * {@code "Post Sync Operation" != 0}.
 *
 * @param field the field the condition reads
 * @param equal true for {@code ==}, false for {@code !=}
 * @param value the value compared with
 */
public record ValidWhen(String field, boolean equal, long value) {
    /** Whether the condition holds for the given field value. */
    public boolean test(long fieldValue) {
        return (fieldValue == value) == equal;
    }
}
