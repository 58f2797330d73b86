using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>Exports fetched as a harvester or an archivist's tool fetches them: the bytes exactly as sent, and their type.</summary>
public static class Exports
{
    /// <param name="role">Whose key the request carries; null for the public.</param>
    public static async Task<byte[]> XmlAsync(this CatalogueService service, string? role, string url, params (string Name, string Value)[] headers)
    {
        using var http = service.Host.Server.CreateClient();
        if (role is not null) http.DefaultRequestHeaders.Add("X-Api-Key", CatalogueService.KeysByRole[role]);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return bytes;
    }
}
