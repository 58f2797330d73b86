using System.Text;
using Catalogue.Api.Audit;
using Catalogue.Api.Hosting;
using Catalogue.Tests.Support;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Audit;

/// <summary>
/// The async daemon folds a record's events in slices as its pages happen to fall — a new record's dozen events at once
/// while archivists type, one event at a time under a trickle of commands, the document stored and read back between
/// two slices — and a rebuild folds each stream whole. A read model that gave another document for other slices would
/// differ from its own rebuild, and from itself on another day.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_a_stream_is_folded_whole_or_an_event_at_a_time(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task every_read_model_folded_stream_by_stream_gives_the_same_document_whatever_the_slices()
    {
        const int records = 120;
        var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, ["generate", "--records", $"{records}", "--seed", "23"]);
        Assert.True(exit == 0, output);
        var store = Service.Host.Services.GetRequiredService<IDocumentStore>();
        var serializer = store.Options.Serializer();
        var folds = Service.Host.Services.GetRequiredService<CatalogueStoreConfiguration>().ReadModels
            .Select(readModel => (readModel, Fold: StreamFolds.FoldOf(readModel)))
            .Where(f => f.Fold is not null)
            .ToList();
        Assert.Equal(
            ["CatalogueRecord", "RecordListing", "RecordSearch", "RecordAccessPoints", "PersonAuthority", "OaiEntry"],
            folds.Select(f => f.readModel.Name));

        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.StreamId).ThenBy(e => e.Version).ToListAsync();
        var compared = 0;
        foreach (var stream in events.GroupBy(e => e.StreamId))
        {
            IReadOnlyList<IEvent> ofStream = [.. stream];
            foreach (var (readModel, fold) in folds)
            {
                var whole = await fold!.FoldAsync(session, null, stream.Key, ofStream, CancellationToken.None);
                object? sliced = null;
                foreach (var e in ofStream)
                {
                    sliced = await fold.FoldAsync(session, sliced, stream.Key, [e], CancellationToken.None);
                    if (sliced is not null) sliced = serializer.FromJson(readModel.Document, new MemoryStream(Encoding.UTF8.GetBytes(serializer.ToJson(sliced))));
                }

                Assert.True(
                    Json(whole) == Json(sliced),
                    $"{readModel.Name} of {stream.Key}: whole {Json(whole)}{Environment.NewLine}an event at a time {Json(sliced)}");
                if (whole is not null) compared++;
            }
        }

        // Each record gives a document of each of the five read models derived from a record.
        Assert.Equal(records * 5, compared);
        string Json(object? document) => document is null ? "none" : serializer.ToJson(document);
    }
}
