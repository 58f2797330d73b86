using System.Text.Json;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalogue.Tests.Records;

/// <summary>What PostgreSQL holds for each kind of record event, and what the service reads back from it.</summary>
public sealed class when_record_events_are_stored(CatalogueService service) : CatalogueScenario(service)
{
    private IDocumentStore Store => Service.Host.Services.GetRequiredService<IDocumentStore>();

    private async Task<(Guid Id, IReadOnlyList<IRecordEvent> Life)> ARecordThatLivedThroughEveryKindOfEvent()
    {
        var id = Guid.CreateVersion7();
        var life = RecordLives.EveryKindOfEvent(id);
        await using var session = Store.LightweightSession();
        session.Events.StartStream<CatalogueRecord>(id, [.. life]);
        await session.SaveChangesAsync();
        return (id, life);
    }

    [Fact]
    public async Task each_is_stored_under_its_pinned_name_and_read_back_as_it_was_written()
    {
        var (id, life) = await ARecordThatLivedThroughEveryKindOfEvent();

        Assert.Equal(life.Select(e => the_stored_event_names_are_a_contract.Pinned[e.GetType()]), await StoredNames(id));
        await using var query = Store.QuerySession();
        Assert.Equal(life.Select(Shown), (await query.Events.FetchStreamAsync(id)).Select(e => Shown(e.Data)));
        Assert.Equal(Shown(RecordEvolution.Fold(null, life)), Shown(await query.LoadAsync<CatalogueRecord>(id)));
    }

    /// <summary>
    /// The provenance, credit and funding events were declared in Catalogue.Api.Provenance and Catalogue.Api.Credits
    /// until they joined the others in <see cref="RecordEvents"/>; Marten keeps the class name an event was appended
    /// with beside its stored name, and the stored name is what it reads by.
    /// </summary>
    [Fact]
    public async Task events_stored_before_their_classes_moved_are_read_as_before()
    {
        var (id, life) = await ARecordThatLivedThroughEveryKindOfEvent();
        var formerNamespaces = new Dictionary<Type, string>
        {
            [typeof(ProvenanceRecorded)] = "Catalogue.Api.Provenance",
            [typeof(ProvenanceCorrected)] = "Catalogue.Api.Provenance",
            [typeof(ProvenanceReparsed)] = "Catalogue.Api.Provenance",
            [typeof(TranslationCredited)] = "Catalogue.Api.Credits",
            [typeof(TranslationCreditCorrected)] = "Catalogue.Api.Credits",
            [typeof(TranslationWithdrawn)] = "Catalogue.Api.Credits",
            [typeof(FundingNoteAdded)] = "Catalogue.Api.Credits",
            [typeof(FundingNoteRemoved)] = "Catalogue.Api.Credits",
        };

        // The event store refuses updates; as the rows were written, not as anyone may change them.
        await Superuser(string.Concat(formerNamespaces.Select(f =>
            $"update catalogue.mt_events set mt_dotnet_type = '{f.Value}.{f.Key.Name}, Catalogue.Api' " +
            $"where stream_id = '{id}' and type = '{the_stored_event_names_are_a_contract.Pinned[f.Key]}';")));
        Assert.Equal(formerNamespaces.Count, await FormerlyNamedRows(id));

        await using var query = Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(id);
        Assert.Equal(life.Select(e => e.GetType()), events.Select(e => e.Data.GetType()));
        Assert.Equal(life.Select(Shown), events.Select(e => Shown(e.Data)));
        Assert.Equal(Shown(RecordEvolution.Fold(null, life)), Shown(await query.Events.AggregateStreamAsync<CatalogueRecord>(id)));
    }

    private Task<IReadOnlyList<string>> StoredNames(Guid id) =>
        Column<string>($"select type from catalogue.mt_events where stream_id = '{id}' order by version");

    private async Task<long> FormerlyNamedRows(Guid id) =>
        (await Column<long>($"select count(*) from catalogue.mt_events where stream_id = '{id}' and mt_dotnet_type not like 'Catalogue.Api.Records.%'"))[0];

    /// <summary>Runs SQL as the cluster's superuser with triggers switched off.</summary>
    private Task Superuser(string sql) => Column<object>($"set session_replication_role = replica; {sql}");

    private async Task<IReadOnlyList<T>> Column<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    /// <summary>Compared as JSON: records compare their lists by reference.</summary>
    private static string Shown(object? value) => JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object));
}
