namespace Catalogue.Api.Records.Writing.Idempotency;

/// <summary>
/// The response to an accepted command, kept under the client's Idempotency-Key in the same transaction as the
/// events it answered for, so that a retry gets this response instead of appending again.
/// </summary>
/// <param name="Id">The key as scoped (see <see cref="IdempotencyKeys.IdFor"/>); a unique primary key, so one request wins.</param>
/// <param name="Actor">Who sent the request; kept so keys can be scoped per client once requests are authenticated.</param>
/// <param name="RequestHash">SHA-256 of the request (<see cref="RequestFingerprint"/>); the same key with another request is refused.</param>
public sealed record IdempotentResponse(
    string Id,
    string Key,
    string Actor,
    string RequestHash,
    int Status,
    string Body,
    string? Location,
    string? ETag,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>An expired key is treated as never used, even before the sweep deletes it.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;

    public CommandReply Reply => new(Status, Body, Location, ETag);
}
