using Catalogue.Api.Hosting;
using JasperFx;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Catalogue.Api.Records.Writing.Idempotency;

/// <summary>
/// A request that carries a well-formed Idempotency-Key: the key as stored, who sent it and its fingerprint (null
/// for a streamed body until the endpoint has read it).
/// </summary>
public sealed record IdempotentRequest(string Id, string Key, string Actor, string? Fingerprint);

/// <summary>
/// Either the answer to give now (a malformed key, a replayed response, a key reused for another request),
/// or the request to carry on with — null when the client sent no key.
/// </summary>
public sealed record IdempotencyCheck(IResult? Answer, IdempotentRequest? Request);

/// <summary>
/// The write path's side of Idempotency-Key: checks a request's key before the command runs, and makes the
/// response document the writer stores in the same session (so the same transaction) as the events.
/// Refused commands (400/404/409/422) are never stored: the client can correct the request and send it again
/// under the same key.
/// </summary>
public sealed class IdempotencyKeys(IDocumentSession session, IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;

    /// <summary>1–200 printable ASCII characters.</summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>Keys belong to the client that sent them: two clients choosing the same key do not collide.</summary>
    public static string IdFor(string actor, string key) => $"{actor}\n{key}";

    public Task<IdempotencyCheck> CheckAsync(HttpContext http, CancellationToken ct)
    {
        var fingerprint = RequestFingerprint.Of(http);
        if (fingerprint is null && http.Request.Headers.ContainsKey(Header))
            throw new InvalidOperationException($"The request was not fingerprinted; is {nameof(FingerprintIdempotentRequests)} registered?");
        return CheckAsync(http, fingerprint, _ => Task.FromResult(fingerprint!), ct);
    }

    /// <summary>
    /// For a body the endpoint reads as a stream: its fingerprint is known only once the body has been read, so the
    /// request to carry on with has none yet; a key already answered has the body read (and not kept) to compare.
    /// </summary>
    public Task<IdempotencyCheck> CheckStreamedAsync(HttpContext http, Func<CancellationToken, Task<string>> fingerprintOfBody, CancellationToken ct) =>
        CheckAsync(http, null, fingerprintOfBody, ct);

    /// <summary>
    /// For a request that runs long and commits as it goes (a batch of pages, each in its own transaction) rather than
    /// with its answer in one transaction, where a twin's insert of the same key rolls the twin back: the key is also
    /// claimed until the response has been sent (a PostgreSQL advisory lock, so on every node). A twin sent while it
    /// runs is answered 409, in progress; one whose check came before this request's answer was kept, and whose claim
    /// after, is given that answer. Without the claim, twins sent at once each imported the batch under a batch id of
    /// its own, and all were answered with the one report kept first.
    /// </summary>
    public async Task<IdempotencyCheck> CheckAndClaimStreamedAsync(
        HttpContext http, NpgsqlDataSource database, Func<CancellationToken, Task<string>> fingerprintOfBody, CancellationToken ct)
    {
        var check = await CheckStreamedAsync(http, fingerprintOfBody, ct);
        if (check.Request is not { } request) return check;

        var claim = await AdvisoryLease.TryTakeAsync(database, ClaimOf(request.Id), ct);
        if (claim is null) return new IdempotencyCheck(InProgress().ToResult(), null);
        http.Response.RegisterForDisposeAsync(claim);

        return await KeptAsync(request.Id, ct) is { } stored
            ? new IdempotencyCheck(AnswerFrom(stored, request with { Fingerprint = await fingerprintOfBody(ct) }), null)
            : check;
    }

    /// <summary>The advisory lock that claims a key (<see cref="IdFor"/>) while a long request answers under it.</summary>
    public static long ClaimOf(string id) => AdvisoryLease.KeyOf(System.Text.Encoding.UTF8.GetBytes($"{Header}\n{id}"));

    private async Task<IdempotencyCheck> CheckAsync(HttpContext http, string? fingerprint, Func<CancellationToken, Task<string>> fingerprintToCompare, CancellationToken ct)
    {
        var values = http.Request.Headers[Header];
        if (values.Count == 0) return new IdempotencyCheck(null, null);
        if (values.Count > 1 || !IsWellFormed(values[0]))
        {
            return new IdempotencyCheck(
                Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    [Header] = [$"{Header} must be one value of 1 to {MaxKeyLength} printable ASCII characters."],
                }),
                null);
        }

        var key = values[0]!;
        var actor = ChangeContext.FromRequest(http, reason: null).Actor;
        var request = new IdempotentRequest(IdFor(actor, key), key, actor, fingerprint);

        var stored = await session.LoadAsync<IdempotentResponse>(request.Id, ct);
        if (stored is null) return new IdempotencyCheck(null, request);

        var now = clock.GetUtcNow();
        if (!stored.IsExpiredAt(now))
            return new IdempotencyCheck(AnswerFrom(stored, request with { Fingerprint = await fingerprintToCompare(ct) }), null);

        // An expired key is new again; its old row goes now so the insert at the end of this request can take its place.
        await using var forget = session.DocumentStore.LightweightSession();
        forget.DeleteWhere<IdempotentResponse>(x => x.Id == stored.Id && x.ExpiresAt <= now);
        await forget.SaveChangesAsync(ct);
        return new IdempotencyCheck(null, request);
    }

    /// <summary>The document that keeps this reply under the request's key, or null when the request has no key.</summary>
    public IdempotentResponse? Keep(IdempotentRequest? request, CommandReply reply)
    {
        if (request is null) return null;
        var fingerprint = request.Fingerprint ?? throw new InvalidOperationException("A streamed request's reply is kept only after its body was read.");
        var now = clock.GetUtcNow();
        return new IdempotentResponse(
            request.Id, request.Key, request.Actor, fingerprint,
            reply.Status, reply.Body, reply.Location, reply.ETag,
            now, now + options.Value.Retention);
    }

    /// <summary>
    /// Answers a command that appended nothing (the record already said so). Under a key the answer is still
    /// kept, so a retry gets this response even after the record has moved on.
    /// </summary>
    public async Task<IResult> AnswerAsync(IdempotentRequest? request, CommandReply reply, CancellationToken ct)
    {
        if (Keep(request, reply) is not { } kept) return reply.ToResult();

        await using var own = session.DocumentStore.LightweightSession();
        own.Insert(kept);
        try
        {
            await own.SaveChangesAsync(ct);
            return reply.ToResult();
        }
        catch (DocumentAlreadyExistsException)
        {
            return await StoredAnswerAsync(request!, ct) ?? InProgress().ToResult();
        }
    }

    /// <summary>
    /// After a save failed (a concurrent request took the key, or moved the record on): the response kept under
    /// the key by whichever request won, or null when nothing is kept under it.
    /// </summary>
    public async Task<IResult?> StoredAnswerAsync(IdempotentRequest request, CancellationToken ct)
    {
        return await KeptAsync(request.Id, ct) is { } stored ? AnswerFrom(stored, request) : null;
    }

    /// <summary>
    /// The response kept under the key now, unexpired, or null: read in a fresh session, since the request's own may
    /// still hold operations that just failed.
    /// </summary>
    private async Task<IdempotentResponse?> KeptAsync(string id, CancellationToken ct)
    {
        await using var query = session.DocumentStore.QuerySession();
        var stored = await query.LoadAsync<IdempotentResponse>(id, ct);
        return stored is null || stored.IsExpiredAt(clock.GetUtcNow()) ? null : stored;
    }

    public static bool IsKeyClash(Exception ex) =>
        ex is DocumentAlreadyExistsException { DocumentType: var type } && type == typeof(IdempotentResponse);

    public static Microsoft.AspNetCore.Mvc.ProblemDetails InProgress() => Problems.Conflict(
        "A request with this Idempotency-Key is in progress",
        "Another request with the same Idempotency-Key is being processed. Send it again shortly to get its response.");

    private static IResult AnswerFrom(IdempotentResponse stored, IdempotentRequest request) =>
        stored.RequestHash == request.Fingerprint
            ? stored.Reply.ToResult(replayed: true)
            : Problems.Unprocessable(
                "Idempotency-Key used for a different request",
                $"The {Header} '{request.Key}' was used for a different request (method, path or body). Use a new key for a new request.",
                Header).ToResult();
}
