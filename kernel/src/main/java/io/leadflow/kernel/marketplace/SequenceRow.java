package io.leadflow.kernel.marketplace;

/** The marketplace_sequence table's row: the highest index sequence accepted from a location. */
final class SequenceRow {
    String source;
    long highestSequence;
    String indexSha256;
}
