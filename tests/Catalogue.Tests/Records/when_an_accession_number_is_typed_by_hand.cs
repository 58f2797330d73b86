using System.Net;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Records;

/// <summary>
/// Most accessions let the catalogue draw the next number (CAT-2026-000042); some bring their own, an archive's old
/// numbers or one of the catalogue's own form typed by hand. Neither kind may cost the other: a number typed by hand is
/// never drawn again, and a number already taken is refused without a trace in the event store.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_an_accession_number_is_typed_by_hand(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly string Events = $"{CatalogueSchema.Name}.mt_events";

    private static async Task<string> AccessionNumberOf(Support.Api api, Reply accessioned) =>
        (await api.Get($"/api/records/{accessioned.ShouldBe(HttpStatusCode.Created).Id}")).ShouldBe(HttpStatusCode.OK).Json["accessionNumber"]!.GetValue<string>();

    /// <summary>Found from outside: the accession that drew a number typed by hand before was refused, 409 naming a number its client never sent.</summary>
    [Fact]
    public async Task a_number_of_the_catalogues_own_form_typed_ahead_is_never_drawn_for_another_record()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("typed_ahead");
        var drawn = await AccessionNumberOf(catalogue.Admin, await catalogue.Admin.Post("/api/records", new { title = "First, numbered by the catalogue" }));
        var year = drawn[4..8];
        var next = long.Parse(drawn[9..]) + 1;
        var typed = new[] { $"CAT-{year}-{next:D6}", $"CAT-{year}-{next + 3:D6}" };
        foreach (var number in typed)
            (await catalogue.Admin.Post("/api/records", new { title = $"Typed as {number}", accessionNumber = number })).ShouldBe(HttpStatusCode.Created);

        var later = new List<string>();
        for (var i = 0; i < 4; i++)
            later.Add(await AccessionNumberOf(catalogue.Admin, await catalogue.Admin.Post("/api/records", new { title = $"Numbered by the catalogue, {i}" })));

        Assert.All(later, number => Assert.True(long.Parse(number[9..]) > next + 3, $"{number} was drawn after {typed[1]} was typed"));
        Assert.Equal(4, later.Distinct().Count());
    }

    /// <summary>
    /// Found from outside: a number of the catalogue's own form typed in small letters was a number apart — a record
    /// beside the one with its capitals, and the catalogue then drew its twin in capitals for the next accession. It is
    /// read as the catalogue's own (kept in capitals), over HTTP and in an import. Another archive's numbers are kept as
    /// typed.
    /// </summary>
    [Fact]
    public async Task a_number_of_the_catalogues_own_form_typed_in_small_letters_is_read_as_its_own()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("typed_small");
        var drawn = await AccessionNumberOf(catalogue.Admin, await catalogue.Admin.Post("/api/records", new { title = "First, numbered by the catalogue" }));
        var year = drawn[4..8];
        var next = long.Parse(drawn[9..]) + 1;

        var typed = await AccessionNumberOf(catalogue.Admin, await catalogue.Admin.Post("/api/records", new { title = "Typed in small letters", accessionNumber = $"cat-{year}-{next:D6}" }));
        var inCapitals = (await catalogue.Admin.Post("/api/records", new { title = "Typed in capitals", accessionNumber = $"CAT-{year}-{next:D6}" })).ShouldBe(HttpStatusCode.Conflict);
        var imported = (await catalogue.Admin.PostRaw("/api/imports/jsonl", $$"""{"title":"Imported in small letters","accessionNumber":"Cat-{{year}}-{{next:D6}}"}""" + "\n", "application/x-ndjson"))
            .ShouldBe(HttpStatusCode.OK).Json;
        var following = await AccessionNumberOf(catalogue.Admin, await catalogue.Admin.Post("/api/records", new { title = "Numbered by the catalogue again" }));
        var another = await AccessionNumberOf(catalogue.Admin, await catalogue.Admin.Post("/api/records", new { title = "Another archive's number", accessionNumber = "wcda-117886" }));

        Assert.Equal($"CAT-{year}-{next:D6}", typed);
        Assert.Equal("Accession number already used", inCapitals.Json["title"]!.GetValue<string>());
        Assert.Equal((0L, 1L), (imported["created"]!.GetValue<long>(), imported["rejected"]!.GetValue<long>()));
        Assert.Equal("accessionNumber", imported["problems"]![0]!["field"]!.GetValue<string>());
        Assert.Equal($"CAT-{year}-{next + 1:D6}", following);
        Assert.Equal("wcda-117886", another);
    }

    /// <summary>
    /// Found from outside: each refusal left a row in the event store for good (the append had drawn its event number
    /// before the unique index refused it, and Marten fills such a number with a tombstone, which the chain seals).
    /// </summary>
    [Fact]
    public async Task a_number_already_taken_is_refused_and_leaves_no_row_in_the_events()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("taken_number");
        await catalogue.Admin.AccessionTheSeed("WCDA-117886");
        await using var database = new NpgsqlConnection(catalogue.ConnectionString);
        await database.OpenAsync();
        var events = await database.ScalarAsync($"select count(*) from {Events}");
        var drawn = await database.ScalarAsync($"select last_value from {Events}_sequence");

        foreach (var number in new[] { "WCDA-117886", "WCDA-117886" })
        {
            var refused = (await catalogue.Admin.Post("/api/records", Support.Catalogue.SeedAccession(number))).ShouldBe(HttpStatusCode.Conflict);
            Assert.Equal("Accession number already used", refused.Json["title"]!.GetValue<string>());
        }

        Assert.Equal(events, await database.ScalarAsync($"select count(*) from {Events}"));
        Assert.Equal(drawn, await database.ScalarAsync($"select last_value from {Events}_sequence"));
    }
}
