using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reports;

/// <summary>A record an archivist works on, sending each command against the version the last one left (If-Match).</summary>
public sealed class CataloguedRecord(Support.Api api, Guid id, long version)
{
    public Guid Id { get; } = id;

    public long Version { get; private set; } = version;

    public static async Task<CataloguedRecord> Accession(Support.Api api, string title)
    {
        var reply = (await api.Post("/api/records", new { title })).ShouldBe(HttpStatusCode.Created);
        return new CataloguedRecord(api, reply.Id, reply.Version);
    }

    /// <summary>Sends a command; returns the version it made, which numbers a credit, note or reference it added.</summary>
    public async Task<int> Send(string command, object body)
    {
        var reply = (await api.Post($"/api/records/{Id}/{command}", body, ("If-Match", $"\"{Version}\""))).ShouldBe(HttpStatusCode.OK);
        Version = reply.Version;
        return (int)Version;
    }

    public Task<int> Place(string repository, string? fond = null, string? opis = null, string? delo = null) =>
        Send("provenance", new { repository, fond, opis, delo });

    public Task<int> Translated(string language, params string[] translators) =>
        Send("translations", new { language, translators, credit = $"Translated by {string.Join(" and ", translators)}" });

    public Task<int> Funded(string funder, string note) => Send("funding-notes", new { funder, note });

    public Task<int> Dated(string edtf, string role = "created") => Send("dates", new { role, asWritten = edtf, edtf });

    public Task<int> WrittenIn(params (string Code, string Name)[] languages) =>
        Send("original-languages", new { languages = languages.Select(l => new { code = l.Code, name = l.Name }), reason = "Languages checked" });

    public Task<int> Publish() => Send("publish", new { });

    public Task<int> Withdraw() => Send("withdraw", new { reason = "Duplicate of another record" });

    public Task<int> Reinstate() => Send("reinstatement", new { reason = "Not a duplicate after all" });
}
