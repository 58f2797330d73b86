using Catalogue.Api.Records.Writing;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>The texts a record holds, each named by its digest, with where to read it.</summary>
public sealed record FullTextList(Guid Id, long Version, IReadOnlyList<FullTextEntry> FullTexts);

/// <summary>
/// A record's full texts, read apart from the record: the list says what texts there are, and each text is served as
/// the UTF-8 it was attached as. Readers see the texts of published records only, as they see the records.
/// </summary>
public static class ReadFullTextsEndpoints
{
    [WolverineGet("/api/records/{id}/full-texts")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<FullTextList>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> List(Guid id, IQuerySession session, HttpContext http)
    {
        var record = await session.LoadAsync<CatalogueRecord>(id, http.RequestAborted);
        if (record is null || !ReadRecordsEndpoints.MaySee(http.User, record)) return Problems.NotFound(id).ToResult();

        http.Response.Headers.ETag = ExpectedVersion.ETagFor(record.Version);
        return Results.Ok(new FullTextList(record.Id, record.Version, record.FullTexts));
    }

    /// <summary>
    /// The text itself, <c>text/plain; charset=utf-8</c>, whole or by a byte range; its ETag is its SHA-256, which
    /// <c>Repr-Digest</c> also gives (of the whole text, a range's included: what the client checks once it has it all).
    /// </summary>
    [WolverineGet("/api/records/{id}/full-texts/{language}/{kind}")]
    public static async Task<IResult> Text(Guid id, string language, string kind, IQuerySession session, HttpContext http)
    {
        var ct = http.RequestAborted;
        // A kind is read in any case, as the language is ("Translation"); a word that is none is told so once the record is found.
        var named = Validation.Vocabulary.Named(TextKinds.All, kind);
        kind = named ?? kind;
        // One statement, so the record's state and its text are read from the same commit. Marten keeps the documents'
        // members under their C# names. The text is asked for by any of its language's codes ("rus", "RU"): it is kept
        // under the one the catalogue records ("ru"), or, attached before codes were recorded so and not rebuilt since,
        // under another of them.
        await using var command = new NpgsqlCommand(
            $"""
            select r.data ->> 'Status', t.data ->> 'Text' from {CatalogueRecord.Table} r
            left join lateral (select data from {RecordFullText.Table} where id = any(@texts) order by id = @recorded desc limit 1) t on true
            where r.id = @id
            """);
        var texts = RecordFullText.IdsFor(id, language, kind);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("recorded", texts[0]);
        command.Parameters.AddWithValue("texts", texts);
        string text;
        await using (var reader = await session.ExecuteReaderAsync(command, ct))
        {
            if (!await reader.ReadAsync(ct) || !ReadRecordsEndpoints.MaySee(http.User, reader.GetString(0))) return Problems.NotFound(id).ToResult();
            if (named is null)
                return NoSuchText(id, $"'{kind}' is not a kind of text: the kinds are {string.Join(" and ", TextKinds.All)}.");
            if (reader.IsDBNull(1)) return NoSuchText(id, $"Record {id} holds no {kind} text in '{language}'.");
            text = reader.GetString(1);
        }

        var bytes = FullTextDigest.BytesOf(text);
        var sha256 = System.Security.Cryptography.SHA256.HashData(bytes);
        var etag = $"\"{Convert.ToHexStringLower(sha256)}\"";
        http.Response.Headers.ETag = etag;
        // RFC 9530: a client can check what it received without trusting the list that pointed it here.
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(sha256)}:";
        if (ExpectedVersion.IsCurrent(http.Request.Headers.IfNoneMatch, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Hosting.TextRanges.Serve(http, bytes, etag);
    }

    /// <param name="why">What is not there; where to look for what is follows it.</param>
    private static IResult NoSuchText(Guid id, string why) =>
        Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "No such full text",
            Detail = $"{why} GET /api/records/{id}/full-texts lists the texts it holds.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            Extensions = { ["recordId"] = id },
        });
}
