using System.Net;
using Catalogue.Api.Search;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Search;

/// <summary>
/// Searches run a few at a time (<see cref="SearchesAtOnce"/>): found from outside, 80 clients searching broadly at once
/// took every database connection, and 237 of 240 searches failed while the service's own background work starved.
/// Past the bound a search waits its turn; one that gets none in time is refused with 503 and Retry-After.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_many_search_at_once(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task a_search_past_the_bound_waits_its_turn_and_runs_when_one_frees()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync(
            "catalogue_searches", new Dictionary<string, string> { [SearchesAtOnce.AtOnceKey] = "1", [SearchesAtOnce.WaitSecondsKey] = "60" });
        var searches = catalogue.Services.GetRequiredService<SearchesAtOnce>();
        var running = await searches.EnterAsync(CancellationToken.None);

        var waiting = catalogue.Admin.Get("/api/search?q=memorandum");
        await Eventually.Until(() => Task.FromResult(searches.Waiting), waiting => waiting == 1, "the search to wait for its turn");
        Assert.False(waiting.IsCompleted);
        running!.Dispose();

        (await waiting).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_search_that_gets_no_turn_in_time_is_refused_with_503_and_retry_after_and_a_bad_one_is_told_at_once()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync(
            "catalogue_searches_busy", new Dictionary<string, string> { [SearchesAtOnce.AtOnceKey] = "1", [SearchesAtOnce.WaitSecondsKey] = "1" });
        using var running = await catalogue.Services.GetRequiredService<SearchesAtOnce>().EnterAsync(CancellationToken.None);

        var refused = (await catalogue.Admin.Get("/api/search?q=memorandum")).ShouldBe(HttpStatusCode.ServiceUnavailable);
        var bad = (await catalogue.Admin.Get("/api/search?q=memorandum&pageSize=0")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", refused.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("runs searches 1 at a time, and this one waited 1 s for its turn", refused.Json["detail"]!.GetValue<string>());
        Assert.Equal(["pageSize"], bad.ErrorFields);
    }
}
