using Catalogue.Api.Audit.Chain;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>
/// The canonical form is a contract with auditors' own tools: these hashes were computed independently (Python's
/// hashlib over the documented field encoding), so a change to the form fails here before it breaks anyone's check.
/// </summary>
public sealed class ChainHasherTests
{
    private static readonly ChainEvent TitleRevised = new(
        Seq: 42,
        Id: Guid.Parse("c0ffee00-0000-4000-8000-000000000001"),
        StreamId: Guid.Parse("3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
        Version: 3,
        Type: "title_revised",
        TenantId: "*DEFAULT*",
        Timestamp: "2026-11-28T06:36:25.123456Z",
        UserName: "anonymous",
        CorrelationId: "batch-7",
        CausationId: null,
        Headers: """{"reason": "House style", "source": "http POST /api/records/x/title"}""",
        Data: """{"title": "Памятная записка"}""",
        BData: null);

    [Fact]
    public void the_first_link_hashes_the_genesis_and_the_canonical_event()
    {
        using var hasher = new ChainHasher();

        var hash = hasher.Next(ChainHasher.Genesis, TitleRevised);

        Assert.Equal("e3b60b053080a0de53abdcc95a2454f3bc8c777bf7c96975866133508ad74cbf", Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void each_link_carries_the_one_before_and_null_differs_from_empty()
    {
        using var hasher = new ChainHasher();
        var first = hasher.Next(ChainHasher.Genesis, TitleRevised);

        var second = hasher.Next(first, TitleRevised with { Seq = 43, Version = 4, CausationId = "", Data = "{}", BData = "00ff" });

        Assert.Equal("9183f546723b7cafb2e0c8fd551613be679499547b9e3b9fdfa25b22d50d21ef", Convert.ToHexStringLower(second));
    }

    [Theory]
    [InlineData("seq")]
    [InlineData("stream")]
    [InlineData("timestamp")]
    [InlineData("user")]
    [InlineData("headers")]
    [InlineData("data")]
    public void any_sealed_field_changes_the_hash(string field)
    {
        using var hasher = new ChainHasher();
        var original = hasher.Next(ChainHasher.Genesis, TitleRevised);
        var changed = field switch
        {
            "seq" => TitleRevised with { Seq = 41 },
            "stream" => TitleRevised with { StreamId = Guid.Empty },
            "timestamp" => TitleRevised with { Timestamp = "2026-11-28T06:36:25.123457Z" },
            "user" => TitleRevised with { UserName = null },
            "headers" => TitleRevised with { Headers = """{"reason": "Nobody asked", "source": "http POST /api/records/x/title"}""" },
            _ => TitleRevised with { Data = """{"title": "Памятная записка."}""" },
        };

        Assert.NotEqual(original, hasher.Next(ChainHasher.Genesis, changed));
    }

    [Fact]
    public void timestamps_are_utc_with_microseconds()
    {
        var local = new DateTime(2026, 11, 28, 6, 36, 25, DateTimeKind.Utc).AddTicks(1234560);

        Assert.Equal("2026-11-28T06:36:25.123456Z", ChainEvent.CanonicalTimestamp(local));
    }
}
