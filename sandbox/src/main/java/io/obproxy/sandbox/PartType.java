package io.obproxy.sandbox;

/** OceanBase 4.x partition function types, with the codes its metadata uses ({@code part_type}). */
public enum PartType {
    HASH(0),
    KEY(1),
    RANGE(3),
    RANGE_COLUMNS(4),
    LIST(5),
    LIST_COLUMNS(6);

    private final int code;

    PartType(int code) {
        this.code = code;
    }

    /** @return the value of {@code part_type} / {@code sub_part_type} in OceanBase 4.x metadata */
    public int code() {
        return code;
    }

    /** @return true when partitions are computed (HASH, KEY), false when they have bounds */
    public boolean isHashLike() {
        return this == HASH || this == KEY;
    }

    /** @return true for the {@code *_COLUMNS} and KEY forms, whose keys are plain columns */
    public boolean isColumnType() {
        return this == KEY || this == RANGE_COLUMNS || this == LIST_COLUMNS;
    }
}
