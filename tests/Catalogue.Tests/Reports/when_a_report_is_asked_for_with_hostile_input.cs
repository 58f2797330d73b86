using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reports;

/// <summary>Whatever a client puts in a report's query or headers, the answer is the report or a 4xx naming what was wrong: never a 500.</summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_report_is_asked_for_with_hostile_input(CatalogueService service) : CatalogueScenario(service)
{
    public static TheoryData<string> Queries() => new()
    {
        "?unknown=1&page=99999999999999999999999",
        "?format=%00",
        "?format=csv%00",
        "?translator=%00%01%1B",
        "?format=99999999999999999999999999999999",
        "?%00=1",
        "?format=" + new string('x', 5000),
        "?format=csv&format=json",
        "?format=%E2%80%AEvsc",
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task every_report_answers_with_the_report_or_a_client_error(string query)
    {
        var record = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await record.Translated("en", "Gary Goldberg");

        foreach (var report in Reports.Names.Select(r => $"/api/reports/{r}").Prepend("/api/reports"))
        {
            foreach (var client in new[] { Api, Service.As("reader") })
            {
                var reply = await client.Get(report + query);
                Assert.True((int)reply.Status is 200 or 400, $"{report}{query}: {reply.Described}");
            }
        }
    }

    /// <summary>
    /// A funder asking how many published records it paid for, by a filter the reports do not take, would otherwise be
    /// answered every record's count as if it were the filtered one.
    /// </summary>
    [Theory]
    [InlineData("/api/reports/funders?status=published", "status")]
    [InlineData("/api/reports/years?year=1949", "year")]
    [InlineData("/api/reports/translators?format=json&translator=Gary%20Goldberg", "translator")]
    public async Task a_filter_the_reports_do_not_take_is_refused_by_name_rather_than_ignored(string asked, string refused)
    {
        var record = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await record.Translated("en", "Gary Goldberg");

        var reply = await Api.Get(asked);

        reply.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Equal([refused], reply.ErrorFields);
        Assert.Contains("/api/search", reply.Json["errors"]![refused]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Api.Get(asked[..asked.IndexOf('?')] + "?format=csv")).Status);
    }

    [Theory]
    [InlineData("text/csv;q=99999999999999999999")]
    [InlineData("text/csv;q=-1")]
    [InlineData("text/csv;q=abc")]
    [InlineData("*/*;q=0.5;charset=\u0001")]
    [InlineData(",,,,")]
    public async Task an_odd_accept_is_answered_or_refused_but_never_fails(string accept)
    {
        var reply = await Api.Get("/api/reports/funders", ("Accept", accept));

        Assert.True((int)reply.Status is 200 or 406, reply.Described);
    }
}
