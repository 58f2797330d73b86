namespace Catalogue.Api.Audit.Chain;

/// <summary>The first place where the events and their seals disagree, with what the seal expected and what was found.</summary>
/// <param name="Kind">
/// <c>altered</c> (the event's data or metadata no longer hashes to its seal), <c>deleted</c> (a seal, or a
/// checkpoint's head, whose event is gone), <c>reordered</c> (the event at this seq_id is not the one sealed there),
/// <c>unsealed</c> (an event inside the sealed part of the chain that has no seal: inserted afterwards),
/// <c>relinked</c> (a seal that does not follow the seal before it: the seals themselves were edited),
/// <c>checkpoint</c> (a signed checkpoint disagrees with the chain recomputed from the events),
/// <c>checkpoint-signature</c> (a stored checkpoint whose signature does not verify), <c>truncated</c> (a signed
/// checkpoint covers events and seals that are no longer there), <c>archived</c> (an event flagged archived, which
/// hides it from history while its data still hashes to its seal).
/// </param>
/// <remarks>
/// Each kind is made by one factory below, with one meaning, whichever check finds it (the whole chain or one
/// record), so an auditor reads the same words for the same tampering.
/// </remarks>
public sealed record ChainBreak(
    string Kind, long SeqId, Guid? StreamId, long? Version, string? Type, string Expected, string Found, string Meaning)
{
    public static ChainBreak Altered(ChainEvent e, StoredSeal seal, byte[] recomputed) =>
        new("altered", e.Seq, e.StreamId, e.Version, e.Type, Hex(seal.Hash), Hex(recomputed),
            "The event's data or metadata changed after it was sealed.");

    /// <summary>A seal whose event is gone.</summary>
    public static ChainBreak Deleted(StoredSeal seal) =>
        Deleted(seal.Seq, seal.StreamId, seal.Version, $"stream {seal.StreamId}, version {seal.Version}, seal {Hex(seal.Hash)}", "no event with this seq_id");

    /// <summary>A checkpoint's head whose event went together with its seal: only the signed checkpoint remembers it.</summary>
    public static ChainBreak Deleted(Checkpoint checkpoint) =>
        Deleted(checkpoint.LastSeq, null, null, $"the head of checkpoint #{checkpoint.Number}, {checkpoint.HeadHash}", $"no event and no seal at seq_id {checkpoint.LastSeq}");

    private static ChainBreak Deleted(long seqId, Guid? streamId, long? version, string sealedHere, string found) =>
        new("deleted", seqId, streamId, version, null, $"the event sealed here ({sealedHere})", found, "An event was deleted after it was sealed.");

    /// <summary>The event at the seal's place is another one: named by the event found there.</summary>
    public static ChainBreak Reordered(ChainEvent found, StoredSeal seal) =>
        Reordered(found.Seq, found.StreamId, found.Version, found.Type, seal, $"stream {found.StreamId}, version {found.Version}");

    /// <summary>A record's sealed event is no longer at its place: named by the record's seal, as the record check reads it.</summary>
    public static ChainBreak Reordered(StoredSeal seal, Guid? foundStream, long? foundVersion) =>
        Reordered(seal.Seq, seal.StreamId, seal.Version, null, seal, $"stream {foundStream}, version {foundVersion}");

    private static ChainBreak Reordered(long seqId, Guid? streamId, long? version, string? type, StoredSeal seal, string found) =>
        new("reordered", seqId, streamId, version, type, $"stream {seal.StreamId}, version {seal.Version} at this seq_id", found,
            "The events were reordered: this is not the event that was sealed at this place in the sequence.");

    public static ChainBreak Unsealed(ChainEvent e, long lastSealSeq) =>
        new("unsealed", e.Seq, e.StreamId, e.Version, e.Type,
            $"a seal: the chain is sealed up to seq_id {lastSealSeq}",
            "an event with no seal",
            "An event was inserted into the sealed part of the chain after sealing (or committed too late to be sealed).");

    /// <summary>An event flagged archived: the catalogue never archives, and the flag hides the event from every reading of history.</summary>
    public static ChainBreak Archived(long seqId, Guid? streamId, long version, string type) =>
        new("archived", seqId, streamId, version, type, "an event the record's history shows (is_archived false)",
            "is_archived true: the event is hidden from the record's history, as-of, diff and exports",
            "An event was hidden after it was sealed: the catalogue never archives events.");

    public static ChainBreak Relinked(ChainEvent e, StoredSeal seal, byte[] expectedPrevious) =>
        new("relinked", e.Seq, e.StreamId, e.Version, e.Type,
            $"previous hash {Hex(expectedPrevious)}", $"previous hash {Hex(seal.PreviousHash)}",
            "The seal does not follow the seal before it: the seals themselves were edited.");

    public static ChainBreak CheckpointRewritten(Checkpoint checkpoint, byte[] hashAtSeq, long sealedCount) =>
        new("checkpoint", checkpoint.LastSeq, null, null, null,
            $"head {checkpoint.HeadHash} after {checkpoint.SealedCount} events (checkpoint #{checkpoint.Number}, signed {checkpoint.SignedAt})",
            $"head {Hex(hashAtSeq)} after {sealedCount} events",
            "The chain was rewritten before this checkpoint: events and seals were changed together.");

    public static ChainBreak CheckpointSignature(Checkpoint checkpoint) =>
        new("checkpoint-signature", checkpoint.LastSeq, null, null, null,
            $"checkpoint #{checkpoint.Number} signed by key {checkpoint.KeyId}",
            "a signature that does not verify over the checkpoint's statement",
            "A stored checkpoint was altered after it was signed.");

    public static ChainBreak Truncated(Checkpoint checkpoint, long headSeq) =>
        new("truncated", checkpoint.LastSeq, null, null, null,
            $"a chain sealed up to seq_id {checkpoint.LastSeq} with head {checkpoint.HeadHash} (checkpoint #{checkpoint.Number})",
            $"a chain that ends at seq_id {headSeq}",
            "Events and their seals were removed from the end of the chain after the checkpoint was signed.");

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
