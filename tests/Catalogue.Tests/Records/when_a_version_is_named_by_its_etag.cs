using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// A record's ETag is its version, <c>"N"</c>. A command names the version it was made against with exactly that
/// strong ETag in If-Match (a weak one never matches there, RFC 9110 §13.1.1); a reader revalidates with If-None-Match,
/// where ETags compare weakly.
/// </summary>
public sealed class when_a_version_is_named_by_its_etag(CatalogueService service) : CatalogueScenario(service)
{
    [Theory]
    [InlineData("\"1")]
    [InlineData("1\"")]
    [InlineData("1")]
    [InlineData("W/\"1\"")]
    [InlineData("w/\"1\"")]
    [InlineData("*")]
    [InlineData("\"0\"")]
    [InlineData("\"01\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"+1\"")]
    [InlineData("\" 1\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("\"99999999999999999999\"")]
    [InlineData("\"abc\"")]
    public async Task an_if_match_that_is_not_one_strong_etag_is_refused_naming_it(string ifMatch)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/subjects", new { subjects = new[] { "Korea" } }, ("If-Match", ifMatch))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["If-Match"], reply.ErrorFields);
        Assert.Contains("strong ETag", reply.Json["errors"]!["If-Match"]![0]!.GetValue<string>());
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_malformed_if_match_is_refused_even_beside_a_version_in_the_body()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Korea" } }, ("If-Match", "W/\"1\"")))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["If-Match"], reply.ErrorFields);
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("  \"1\"  ")]
    public async Task the_strong_etag_of_the_version_is_taken(string ifMatch)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/subjects", new { subjects = new[] { "Korea" } }, ("If-Match", ifMatch))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, await Api.EventCount(id));
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("W/\"1\"")]
    [InlineData("*")]
    [InlineData("\"7\", W/\"1\"")]
    [InlineData("W/\"7\",\"1\"")]
    public async Task if_none_match_naming_the_current_version_answers_304(string ifNoneMatch)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Get($"/api/records/{id}", ("If-None-Match", ifNoneMatch))).ShouldBe(HttpStatusCode.NotModified);

        Assert.Equal("\"1\"", reply.ETag);
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("W/\"2\"")]
    [InlineData("\"01\"")]
    [InlineData("\"1")]
    public async Task if_none_match_naming_another_version_answers_the_record(string ifNoneMatch)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Get($"/api/records/{id}", ("If-None-Match", ifNoneMatch))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(1, reply.Version);
    }
}
