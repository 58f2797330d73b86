using System.Net;
using Catalogue.Api.Audit.Chain;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>
/// The sealer's position rewound in the database (by hand, or by a rebuild of its subscription) while the seals it
/// wrote are in place: it stops rather than seal those events again into a fork of the chain — and says so in the log,
/// where the sealing lag's warning sends the operator.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_the_sealer_is_rewound(CatalogueService service)
{
    /// <summary>Found from outside: the sealer stood paused, and nothing in the log said why.</summary>
    [Fact]
    public async Task it_stops_and_the_log_says_why()
    {
        var connectionString = await service.NewDatabaseAsync("sealer_rewound");
        await using (var first = await service.StartOwnCatalogueOnAsync(connectionString))
        {
            (await first.Admin.Post("/api/records", new { title = "Sealed before the rewind" })).ShouldBe(HttpStatusCode.Created);
            await EventChain.WaitUntilSealedAsync(first.Services, TimeSpan.FromSeconds(30));
        }

        await using (var database = new NpgsqlConnection(connectionString))
        {
            await database.OpenAsync();
            await using var rewind = new NpgsqlCommand($"update catalogue.mt_event_progression set last_seq_id = 0 where name like '{EventSealer.SubscriptionName}%'", database);
            Assert.Equal(1, await rewind.ExecuteNonQueryAsync());
        }

        var logs = new CapturedLogs();
        await using var again = await service.StartOwnCatalogueOnAsync(connectionString, services: s => s.AddLogging(b => b.AddProvider(logs)));
        (await again.Admin.Post("/api/records", new { title = "Appended after the rewind" })).ShouldBe(HttpStatusCode.Created);

        var said = await Eventually.Until(
            () => logs.Lines.FirstOrDefault(l => l.Category == typeof(EventSealer).FullName && l.Level == LogLevel.Error),
            line => line is not null, "the sealer to say why it stopped", TimeSpan.FromSeconds(30));
        Assert.Contains("The event chain's sealer stopped: The event chain is sealed up to seq 1, but the sealer was asked to continue from seq 0.", said!.Message);
        Assert.Equal(1, await EventChain.UnsealedAsync(again.Services));
    }
}
