using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Catalogue.Tests.Support;

/// <summary>What a client sees of one response: status, headers and the JSON body.</summary>
public sealed record Reply(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders? ContentHeaders, string Text)
{
    public JsonNode Json => JsonNode.Parse(Text) ?? throw new InvalidOperationException("empty body");

    public string? ETag => Headers.ETag?.ToString();

    public long Version => Json["version"]!.GetValue<long>();

    public Guid Id => Json["id"]!.GetValue<Guid>();

    public Reply ShouldBe(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} {expected} but got {Described}");
        return this;
    }

    /// <summary>Status and body, and for a 5xx what the server logged for it: what a failure message should quote.</summary>
    public string Described => $"{(int)Status} {Status}: {Text}{ServerSide()}";

    /// <summary>For a 5xx, what the server logged for the request, found by the trace id its problem details give.</summary>
    private string ServerSide()
    {
        if ((int)Status < 500) return "";
        string? traceId = null;
        try
        {
            traceId = JsonNode.Parse(Text)?["traceId"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            // Not a problem details body; there is no trace id to look up.
        }

        return ServerFailures.Logged.For(traceId) is { } logged ? $"\nThe server logged:\n{logged}" : "";
    }

    /// <summary>The field-by-field errors of a problem details body.</summary>
    public IReadOnlyList<string> ErrorFields => Json["errors"]?.AsObject().Select(p => p.Key).ToList() ?? [];
}

/// <summary>A thin HTTP client for the catalogue's API, speaking JSON as a real client would.</summary>
public sealed class Api
{
    private readonly HttpClient http;

    public Api(HttpClient http, string? apiKey)
    {
        this.http = http;
        if (apiKey is not null) http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<Reply> Get(string url, params (string Name, string Value)[] headers) =>
        Send(HttpMethod.Get, url, null, headers);

    public Task<Reply> Post(string url, object body, params (string Name, string Value)[] headers) =>
        Send(HttpMethod.Post, url, new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json"), headers);

    public Task<Reply> Send(HttpMethod method, string url, params (string Name, string Value)[] headers) =>
        Send(method, url, method == HttpMethod.Post ? new StringContent("{}", Encoding.UTF8, "application/json") : null, headers);

    public Task<Reply> PostRaw(string url, string body, string contentType, params (string Name, string Value)[] headers) =>
        Send(HttpMethod.Post, url, new StringContent(body, Encoding.UTF8, contentType), headers);

    public Task<Reply> PostContent(string url, HttpContent content, params (string Name, string Value)[] headers) =>
        Send(HttpMethod.Post, url, content, headers);

    private async Task<Reply> Send(HttpMethod method, string url, HttpContent? content, (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, response.Headers, response.Content.Headers, text);
    }
}
