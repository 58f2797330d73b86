using System.Text;
using Catalogue.Api.Records.Writing.Idempotency;

namespace Catalogue.Tests.Records.Writing.Idempotency;

public sealed class IdempotencyKeyTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("9f1c2e7a-4b1d-4c51-8d0e-2a6b0f3f1c11")]
    [InlineData("retry #2 of import: seed-117886.txt")]
    [InlineData("~!@#$%^&*()_+`-={}|[]\\:\";'<>?,./")]
    public void printable_ascii_keys_are_well_formed(string key) => Assert.True(IdempotencyKeys.IsWellFormed(key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ключ")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("del\u007f")]
    public void other_keys_are_not(string? key) => Assert.False(IdempotencyKeys.IsWellFormed(key));

    [Fact]
    public void a_key_may_be_200_characters_and_no_more()
    {
        Assert.True(IdempotencyKeys.IsWellFormed(new string('k', 200)));
        Assert.False(IdempotencyKeys.IsWellFormed(new string('k', 201)));
    }

    private static string Fingerprint(string method = "POST", string path = "/api/records/1/title", string? ifMatch = null, string body = "{\"title\":\"A\"}") =>
        RequestFingerprint.Compute(method, path, ifMatch, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void the_same_request_has_the_same_fingerprint() => Assert.Equal(Fingerprint(), Fingerprint());

    [Fact]
    public void method_path_if_match_and_body_each_change_the_fingerprint()
    {
        var original = Fingerprint();
        Assert.NotEqual(original, Fingerprint(method: "PUT"));
        Assert.NotEqual(original, Fingerprint(path: "/api/records/2/title"));
        Assert.NotEqual(original, Fingerprint(ifMatch: "\"3\""));
        Assert.NotEqual(original, Fingerprint(body: "{\"title\":\"B\"}"));
        Assert.NotEqual(original, Fingerprint(body: "{\"title\": \"A\"}"));
    }

    [Fact]
    public void fields_cannot_be_shifted_into_one_another() =>
        Assert.NotEqual(Fingerprint(path: "/a", ifMatch: "b"), Fingerprint(path: "/ab", ifMatch: ""));

    private static IdempotentResponse KeptUntil(DateTimeOffset expiresAt) =>
        new("k", "k", "anonymous", "hash", 200, "{}", null, null, expiresAt.AddHours(-24), expiresAt);

    [Fact]
    public void a_key_expires_at_its_expiry_time()
    {
        var expiresAt = new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
        var kept = KeptUntil(expiresAt);

        Assert.False(kept.IsExpiredAt(expiresAt.AddTicks(-1)));
        Assert.True(kept.IsExpiredAt(expiresAt));
        Assert.True(kept.IsExpiredAt(expiresAt.AddDays(1)));
    }

    [Fact]
    public void keys_are_kept_for_a_day_unless_configured() =>
        Assert.Equal(TimeSpan.FromHours(24), new IdempotencyOptions().Retention);
}
