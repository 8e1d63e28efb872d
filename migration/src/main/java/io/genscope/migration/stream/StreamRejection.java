package io.genscope.migration.stream;

import io.genscope.parser.capture.Problem;

/**
 * Why a receiver refused a stream, naming the record: its index (its sequence number, 0 for the
 * first after the stream header; -1 for the stream header), its kind as read, and the byte offset
 * of its first header byte in the stream.
 *
 * @param recordIndex index of the offending record, or -1 for the stream header
 * @param kind the record's kind, or null when the kind itself is unreadable or unknown
 * @param rawKind the kind code as read (-1 when not read)
 * @param arg the record's argument (page number, round, region and offset), as read
 * @param offset byte offset of the record in the stream
 * @param problemKind truncated, corrupt or unsupported
 * @param reason what is wrong
 */
public record StreamRejection(long recordIndex, RecordKind kind, int rawKind, long arg, long offset,
        Problem.Kind problemKind, String reason) {

    /** The same as a {@link Problem} at the record's byte offset. */
    public Problem problem() {
        return new Problem(problemKind, offset, describeRecord() + ": " + reason);
    }

    /** "record #12 (PAGE_RAW, page 0x1a2b)". */
    public String describeRecord() {
        if (recordIndex < 0) {
            return "stream header";
        }
        String k = kind != null ? kind.name() : rawKind >= 0 ? String.format("unknown kind 0x%x", rawKind) : "unread kind";
        String detail = "";
        if (kind != null) {
            detail = switch (kind) {
                case PAGE_RAW, PAGE_ZERO, PAGE_DELTA, PAGE_COMPRESSED -> String.format(", page 0x%x", arg);
                case ROUND_BEGIN, ROUND_END -> ", round " + arg;
                case DEVICE -> String.format(", region %d offset %d", arg >>> 32, arg & 0xffffffffL);
                default -> "";
            };
        }
        return "record #" + recordIndex + " (" + k + detail + ")";
    }

    @Override
    public String toString() {
        return describeRecord() + " at byte offset " + offset + ": "
                + problemKind.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason;
    }
}
