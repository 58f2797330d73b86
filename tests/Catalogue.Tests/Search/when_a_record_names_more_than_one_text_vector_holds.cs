using System.Net;
using Catalogue.Api.Records;
using Catalogue.Api.Search;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Search;

/// <summary>
/// Found from outside: an archivist's script tagged one record sixty times with a hundred long subjects, each command
/// accepted, and the record's search row — its title, summary and everything it names in one text vector — passed the
/// 1 MB PostgreSQL holds a vector to. The row was refused ("string is too long for tsvector"), and the async daemon,
/// which folds every async read model in one pass, stopped at that event: search, the list, authorities, reports and
/// OAI-PMH stood still for every record. What a record names is now matched as far as its first 100,000 characters.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_record_names_more_than_one_text_vector_holds(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>What the sixty-five commands of a hundred subjects left the record holding: 1.2 million characters of distinct words.</summary>
    private static CatalogueRecord TaggedBeyondMeasure()
    {
        var words = new Random(7);
        string Word() => string.Concat(Enumerable.Range(0, words.Next(6, 11)).Select(_ => (char)('a' + words.Next(26))));
        string Subject() => string.Join(' ', Enumerable.Range(0, 30).Select(_ => Word()))[..180];
        return new CatalogueRecord
        {
            Id = Guid.NewGuid(),
            Version = 66,
            Title = "Memorandum tagged beyond measure",
            Subjects = [.. Enumerable.Range(0, 6_500).Select(_ => Subject())],
        };
    }

    [Fact]
    public async Task its_search_row_is_written_and_it_is_found_by_its_title_and_first_subjects()
    {
        var record = TaggedBeyondMeasure();
        var searched = RecordSearch.Of(record, []);
        Assert.Equal(RecordSearch.MatchedDescriptionCharacters, searched.Described.Length);

        await using (var session = Service.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(searched);
            await session.SaveChangesAsync();
        }

        Assert.Equal([record.Id], (await Service.Search("q=beyond+measure")).Hits());
        Assert.Equal([record.Id], (await Service.Search($"q={record.Subjects[0].Split(' ')[0]}")).Hits());
    }

    /// <summary>Only the first 250,000 characters of a text are matched; the search document keeps no more of it.</summary>
    [Fact]
    public async Task a_long_full_text_is_kept_for_search_as_far_as_it_is_matched()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var text = string.Join(" ", Enumerable.Range(0, 30_000).Select(n => $"folio{n:D4}"));
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 1, language = "en", kind = "translation", text })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal([id], (await Service.Search("q=folio0001")).Hits());
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var kept = Assert.Single((await session.LoadAsync<RecordSearch>(id))!.Texts).Text;
        Assert.Equal(text[..RecordSearch.MatchedTextCharacters], kept);
        Assert.Equal(text, (await Api.Get($"/api/records/{id}/full-texts/en/translation")).ShouldBe(HttpStatusCode.OK).Text);
    }
}
