using Catalogue.Api.Audit;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Records.Writing.Idempotency;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;

namespace Catalogue.Api.Authorities.People;

/// <summary>A command about a person: the authority version it was made against (or If-Match), and why.</summary>
public interface IPersonCommand
{
    long? Version { get; }

    string? Reason { get; }
}

/// <summary>Events to append to a person's stream other than the one the command names (the merged person's, in a merge).</summary>
public sealed record AlsoAppend(PersonAuthority Person, IReadOnlyList<IPersonEvent> Events);

/// <summary>What a person command decided: events for the person, maybe events for another, or why it was refused.</summary>
public sealed record PersonDecision(IReadOnlyList<IPersonEvent> Events, AlsoAppend? Also = null, ProblemDetails? Refusal = null)
{
    public static readonly PersonDecision Nothing = new([]);

    public static PersonDecision Append(params IPersonEvent[] events) => new(events);

    public static PersonDecision Refuse(string title, string detail, string field) => new([], Refusal: Problems.Unprocessable(title, detail, field));
}

/// <summary>
/// The write path for person authorities, as <see cref="RecordWriter"/> is for records: the version the archivist read
/// is checked, a pure decision runs against the person's state, who/why/where is stamped on the events, and they are
/// appended in one transaction (both streams of a merge together) — or nothing is, and the answer says why. A person
/// named on records but never decided about has no stream yet, and is at version 0: its first decision starts the
/// stream with <see cref="PersonAuthorityEstablished"/>.
/// </summary>
public sealed class PersonWriter(IDocumentSession session, IdempotencyKeys keys, ReadModelsBeingUpgraded upgrading)
{
    /// <summary>A person's current state, and the event that establishes its authority when it has none yet.</summary>
    public sealed record Loaded(PersonAuthority Person, PersonAuthorityEstablished? Establish);

    /// <returns>The person, or why a command cannot be about them (unknown, an alias of another, merged away).</returns>
    public async Task<(Loaded? Person, ProblemDetails? Refusal)> LoadAsync(Guid id, string field, CancellationToken ct)
    {
        if (id == Guid.Empty) return (null, NotFound(id));
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        if (PersonEvolution.Fold(null, events.Select(e => e.Data)) is { } person)
        {
            if (person.MergedInto is null) return (new Loaded(person, null), null);
            var survivor = await SurvivorOfAsync(person, ct);
            var through = survivor.Id == person.MergedInto ? "" : $" (through person {person.MergedInto}, merged in turn)";
            return (null, Problems.Unprocessable(
                "The person was merged", $"Person {id} ({person.Name}) was merged into person {survivor.Id} ({survivor.Name}){through}; decide about that person instead.", field));
        }

        // A stream of another kind under this id (a record's) is no person.
        if (events.Count > 0 || await AuthorityQueries.NameAsync(session, AccessPointKinds.Person, id, ct) is not { } name) return (null, NotFound(id));
        var claimant = await PeopleAuthority.ClaimantAsync(session, name.Key, ct);
        if (claimant is not null && claimant.Id != id)
        {
            return (null, Problems.Unprocessable(
                "The name is another person's", $"'{name.Name}' is a name of person {claimant.Id} ({claimant.Name}); decide about that person instead.", field));
        }

        var establish = new PersonAuthorityEstablished(id, name.Name);
        return (new Loaded(PersonEvolution.Apply(null, establish, 0)!, establish), null);
    }

    /// <summary>
    /// The person a merged person's merges lead to, who decides for them now (found from outside: a refusal named the
    /// person merged into, though that person had been merged in turn, and the client following it was refused again).
    /// </summary>
    private async Task<PersonAuthority> SurvivorOfAsync(PersonAuthority merged, CancellationToken ct)
    {
        var person = merged;
        for (var hops = 0; person.MergedInto is { } next && hops < 100; hops++)
        {
            var events = await session.Events.FetchStreamAsync(next, token: ct);
            if (PersonEvolution.Fold(null, events.Select(e => e.Data)) is not { } survivor) break;
            person = survivor;
        }

        return person;
    }

    /// <summary>Held from a person command's first read to its commit (<see cref="Decide"/>).</summary>
    private const long TakingTurnsLockKey = 0x63_61_74_5F_70_70_6C; // "cat_ppl"

    /// <summary>
    /// Decides a command about person <paramref name="id"/> and appends what it decided. Person commands take turns, from
    /// their first read to their commit: whose name a name is (<see cref="PeopleAuthority.ClaimantAsync"/>) is read from
    /// the authorities, written with each command's events, so the second of two commands giving one name to two people
    /// — as an alias, or by merging the person it heads — finds it taken and is refused, rather than both finding it free.
    /// Archivists decide about people a few times an hour; a command's turn is a few milliseconds.
    /// </summary>
    public async Task<IResult> Decide(HttpContext http, Guid id, IPersonCommand command, Func<PersonAuthority, Task<PersonDecision>> decide)
    {
        var ct = http.RequestAborted;
        if (await upgrading.RefusalAsync(nameof(PersonAuthority), "person commands decide whose a name is", ct) is { } upgrade)
        {
            http.Response.Headers.RetryAfter = Hosting.CatalogueExceptionHandler.RetryAfterSeconds;
            return upgrade.ToResult();
        }

        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, TakingTurnsLockKey);
        // Checked in turn too: the second of two requests under one key finds the first's answer kept.
        var check = await keys.CheckAsync(http, ct);
        if (check.Answer is { } answered) return answered;
        var request = check.Request;
        var expected = command.Version;
        var ifMatch = http.Request.Headers.IfMatch;
        if (ifMatch.Count > 0)
        {
            if (ifMatch.Count != 1 || !TryParseETag(ifMatch[0], out var named))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = ["If-Match must be one strong ETag of the person's authority, its version in quotes such as \"3\" (\"0\" before any decision)."] });
            expected ??= named;
        }

        var (loaded, refusal) = await LoadAsync(id, "id", ct);
        if (refusal is not null) return refusal.ToResult();
        if (expected is null) return VersionRequired().ToResult();
        var person = loaded!.Person;
        if (person.Version != expected) return Stale(id, expected.Value, person.Version).ToResult();

        var decision = await decide(person);
        if (decision.Refusal is not null) return decision.Refusal.ToResult();
        if (decision.Events.Count == 0) return await keys.AnswerAsync(request, Accepted(id, person.Version), ct);

        ChangeContext.FromRequest(http, command.Reason).StampOnto(session);
        var writes = new List<(Loaded Person, IReadOnlyList<IPersonEvent> Events)> { (loaded, decision.Events) };
        if (decision.Also is { } other)
            writes.Add((new Loaded(other.Person, other.Person.Version == 0 ? new PersonAuthorityEstablished(other.Person.Id, other.Person.Name) : null), other.Events));
        // Both streams of a merge in the order of their ids, so that two merges of the same two people in opposite
        // directions wait for each other rather than deadlock (see RecordStreams): the second then finds the first's.
        var version = 0L;
        foreach (var (stream, events) in writes.OrderBy(w => w.Person.Person.Id))
        {
            var appended = Append(stream, events);
            if (stream == loaded) version = appended;
        }
        var reply = Accepted(id, version);
        if (keys.Keep(request, reply) is { } kept) session.Insert(kept);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is ConcurrencyException or ExistingStreamIdCollisionException || IdempotencyKeys.IsKeyClash(ex))
        {
            if (request is not null && await keys.StoredAnswerAsync(request, CancellationToken.None) is { } stored) return stored;
            return Problems.Conflict(
                "The person changed meanwhile",
                $"Person {id}, or another person the command names, changed while it was decided. Read them again and re-apply your change.").ToResult();
        }

        return reply.ToResult();
    }

    /// <returns>The version the person's stream is at after the append.</returns>
    private long Append(Loaded loaded, IReadOnlyList<IPersonEvent> events)
    {
        if (loaded.Establish is { } establish)
        {
            session.Events.StartStream<PersonAuthority>(loaded.Person.Id, [establish, .. events.Cast<object>()]);
            return 1 + events.Count;
        }

        var version = loaded.Person.Version + events.Count;
        session.Events.Append(loaded.Person.Id, version, events.Cast<object>().ToArray());
        return version;
    }

    private static CommandReply Accepted(Guid id, long version) =>
        CommandReply.Json(StatusCodes.Status200OK, new CommandAccepted(id, version), etag: ExpectedVersion.ETagFor(version));

    private static bool TryParseETag(string? etag, out long version)
    {
        if (etag?.Trim() == "\"0\"")
        {
            version = 0;
            return true;
        }

        return ExpectedVersion.TryParseStrong(etag, out version);
    }

    private static ProblemDetails NotFound(Guid id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Person not found",
        Detail = $"No person named on the catalogue's records has the id {id}.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    };

    private static ProblemDetails VersionRequired()
    {
        var problem = Problems.VersionRequired();
        problem.Detail = "Send the version of the person's authority your change was made against (GET /api/people/{id} gives it; 0 before any decision), as \"version\" in the body or as an If-Match header.";
        return problem;
    }

    private static ProblemDetails Stale(Guid id, long expected, long current)
    {
        var problem = Problems.Conflict(
            "The person has changed since you read them",
            $"You decided about version {expected} of person {id}, but their authority is now at version {current}. Read it again and re-apply your change.");
        problem.Extensions["currentVersion"] = current;
        problem.Extensions["expectedVersion"] = expected;
        return problem;
    }
}
