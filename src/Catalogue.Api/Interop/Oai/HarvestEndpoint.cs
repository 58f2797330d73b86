using Catalogue.Api.Hosting;
using Catalogue.Api.Validation;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;

namespace Catalogue.Api.Interop.Oai;

/// <summary>
/// The OAI-PMH provider at <c>/oai</c>, open without credentials as every OAI-PMH provider is: it serves only what the
/// public may read. Every answer is HTTP 200 and XML; what went wrong is an OAI-PMH error in it, as harvesters expect.
/// </summary>
public static class HarvestEndpoint
{
    public const string Route = "/oai";
    public const string ContentType = "text/xml; charset=utf-8";

    [WolverineGet(Route)]
    [ReadsItsOwnQuery(AnswersItsOwnErrors = true)]
    public static async Task<IResult> Get(OaiProvider provider, HttpContext http) =>
        Results.Bytes(await provider.AnswerAsync(http.Request.Query, http), ContentType);

    /// <summary>The same requests with their arguments in a form body, for arguments too long for a URL.</summary>
    [WolverinePost(Route)]
    [ReadsItsOwnQuery(AnswersItsOwnErrors = true)]
    public static async Task<IResult> Post(OaiProvider provider, HttpContext http)
    {
        // Arguments in the URL of a POST would be read by one server and not another: none are taken, so none are passed over.
        if (http.Request.QueryString.HasValue)
            return Results.Bytes(await provider.RefuseAsync(OaiError.BadArgument("A POST carries its arguments in its body only; send the ones in its URL there (or send them by GET)."), http), ContentType);
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return Results.Bytes(await provider.RefuseAsync(OaiError.BadArgument("A POST carries its arguments as application/x-www-form-urlencoded."), http), ContentType);
        // The form reader would decode the arguments in any charset named (UTF-32 read as no verb at all); OAI-PMH
        // arguments are UTF-8, escaped, and a charset that is not is refused by name.
        var charsets = ContentTypes.CharsetsOf(mediaType);
        if (charsets.Count > 1)
            return Results.Bytes(await provider.RefuseAsync(OaiError.BadArgument("A POST's Content-Type names its charset more than once."), http), ContentType);
        if (charsets is [var charset] && !ContentTypes.ReadsAsUtf8(charset))
            return Results.Bytes(await provider.RefuseAsync(OaiError.BadArgument($"A POST's arguments are UTF-8; its charset '{charset}' is not taken."), http), ContentType);

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException refused) when (refused.InnerException is InvalidOperationException)
        {
            // ASP.NET's form reader refuses %00 so (UrlDecoder), as no argument of any verb can hold one.
            return Results.Bytes(await provider.RefuseAsync(OaiError.BadArgument("The form holds %00, a NUL character, which no OAI-PMH argument can hold."), http), ContentType);
        }
        catch (InvalidDataException)
        {
            // Past the form's limits (too many values, a value too long): no request a harvester sends.
            return Results.Bytes(await provider.RefuseAsync(OaiError.BadArgument("The form is past this server's limits."), http), ContentType);
        }

        return Results.Bytes(await provider.AnswerAsync(form, http), ContentType);
    }
}
