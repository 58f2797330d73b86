using Catalogue.Api.Audit.Chain;
using System.Data.Common;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Catalogue.Api.History;

/// <summary>One stored event of a record, with what an auditor reads of it: who, when, why, in which order.</summary>
public sealed record RecordEvent(
    Guid StreamId,
    long Version,
    long Sequence,
    string EventTypeName,
    DateTimeOffset Timestamp,
    string? UserName,
    string? CorrelationId,
    string? CausationId,
    IReadOnlyDictionary<string, object>? Headers,
    object Data)
{
    public static RecordEvent Of(IEvent e) =>
        new(e.StreamId, e.Version, e.Sequence, e.EventTypeName, e.Timestamp, e.UserName, e.CorrelationId, e.CausationId, e.Headers, e.Data);

    public string? Header(string key) => Headers is not null && Headers.TryGetValue(key, out var value) ? value?.ToString() : null;

    /// <summary>Who appended it, as a history names them.</summary>
    public string Actor => UserName ?? ChangeContext.AnonymousActor;

    /// <summary>Why, when the change said so.</summary>
    public string? Reason => Header(ChangeContext.ReasonKey);
}

/// <summary>
/// Reads a record's events for its history, PREMIS, blame, diffs and past versions: one query, each event's data and
/// headers deserialised by Marten's own serializer under the type Marten maps its stored name to.
/// </summary>
/// <remarks>
/// Not Marten's <c>FetchStreamAsync</c>, which does the same and more: it builds each event as an <c>Event&lt;T&gt;</c>
/// whose id starts as a fresh random <see cref="Guid"/> before the stored one replaces it — on Linux a read of
/// <c>/dev/urandom</c>, a system call per event — and reads every column through its own asynchronous reader. For a
/// record of 1,000 events that was 9.5 ms against 3 ms for this query and the same deserialisation
/// (docs/benchmarks.md, long histories); blame and a whole diff cannot avoid reading every event. The commands still
/// read their streams through Marten, which checks what they append against it.
/// </remarks>
public sealed class RecordEventReader(NpgsqlDataSource database, IDocumentStore store)
{
    private const string Columns = "version, seq_id, type, timestamp, user_name, correlation_id, causation_id, headers, data";

    private readonly Dictionary<string, Type> _types = store.Options.Events.AllKnownEventTypes().ToDictionary(t => t.EventTypeName, t => t.EventType);

    private static readonly string Accessioned = RecordEvents.StoredNameOf<RecordAccessioned>();

    private readonly ISerializer _serializer = store.Options.Serializer();

    /// <summary>
    /// The version a record stood at at <paramref name="instant"/>: the last of the versions from its accession on that
    /// were all stamped at or before it; 0 when its accession was not. An event is stamped by the clock of the node that
    /// appended it, so a later version may bear an earlier time (nodes whose clocks disagree, a clock set back): the
    /// versions read by their times alone were a record that never was, and one whose accession came after them none.
    /// </summary>
    public async Task<long> VersionAtAsync(Guid id, DateTimeOffset instant, CancellationToken ct)
    {
        const string Events = $"{CatalogueSchema.Name}.mt_events";
        await using var command = database.CreateCommand(
            $"SELECT COALESCE((SELECT min(version) - 1 FROM {Events} WHERE stream_id = $1 AND timestamp > $2 AND is_archived = false), " +
            $"(SELECT max(version) FROM {Events} WHERE stream_id = $1 AND is_archived = false), 0)");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        // In UTC, the only offset Npgsql writes.
        command.Parameters.Add(new NpgsqlParameter { Value = instant.ToUniversalTime() });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The record's events in order, after version <paramref name="after"/> and up to <paramref name="version"/> when
    /// given; none when there is no such record.
    /// </summary>
    public async Task<IReadOnlyList<RecordEvent>> ReadAsync(Guid id, long? version = null, long after = 0, CancellationToken ct = default)
    {
        await using var command = database.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        var upTo = "";
        if (after > 0)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = after });
            upTo += $" AND version > ${command.Parameters.Count}";
        }

        if (version is { } last)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = last });
            upTo += $" AND version <= ${command.Parameters.Count}";
        }

        // A record's stream begins with its accession; any other stream (a person's authority, Marten's own for the fillers
        // of failed writes) reads as no record rather than as one made of another's events (found from outside: a person's
        // id had a history and a PREMIS document as a record, and its as-of answered 500). Fillers are never a record's.
        command.CommandText =
            $"SELECT {Columns} FROM {CatalogueSchema.Name}.mt_events WHERE stream_id = $1{upTo} AND is_archived = false AND type <> '{GapFillers.Type}' " +
            $"AND EXISTS (SELECT 1 FROM {CatalogueSchema.Name}.mt_events a WHERE a.stream_id = $1 AND a.version = 1 AND a.type = '{Accessioned}') ORDER BY version";
        var events = new List<RecordEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var type = reader.GetString(2);
            var sequence = reader.GetInt64(1);
            if (!_types.TryGetValue(type, out var dataType)) throw new UnreadableEventException(sequence, type, "no event of the catalogue is stored under that type");
            try
            {
                events.Add(new RecordEvent(
                    id,
                    reader.GetInt64(0),
                    sequence,
                    type,
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : (Dictionary<string, object>)Deserialize(typeof(Dictionary<string, object>), reader, 7),
                    Deserialize(dataType, reader, 8)));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidCastException or FormatException)
            {
                throw new UnreadableEventException(sequence, type, e.Message, e);
            }
        }

        return events;
    }

    // Marten's own reading of a column leaves the column's stream open, and the reader refuses the next column then.
    private object Deserialize(Type type, DbDataReader reader, int column)
    {
        using var json = reader.GetStream(column);
        return _serializer.FromJson(type, json);
    }
}

/// <summary>A stored event of a record that this version of the catalogue cannot read (its type unknown, or its data not of its type's shape).</summary>
public sealed class UnreadableEventException(long sequence, string type, string why, Exception? inner = null)
    : Exception($"Event deserialization error on sequence = {sequence} for event type {type}: {why}", inner)
{
    public long Sequence { get; } = sequence;

    public string Type { get; } = type;
}
