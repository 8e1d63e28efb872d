package io.genscope.migration.report;

/**
 * What compression did in a migration.
 *
 * @param mode none, lz4 or delta
 * @param totals page counts of the whole migration
 * @param deltaCacheBytes the delta cache's size (0 unless delta)
 * @param deltaLookups pages looked up in the delta cache
 * @param deltaHits of them, pages whose last sent copy was there
 * @param lz4Implementation the lz4-java compressor that ran
 */
public record CompressionReport(String mode, PageCounts totals, long deltaCacheBytes, long deltaLookups, long deltaHits,
        String lz4Implementation) {
}
