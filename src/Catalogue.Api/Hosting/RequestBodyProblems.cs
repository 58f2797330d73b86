using Catalogue.Api.Imports;
using Catalogue.Api.Records.Writing;
using Microsoft.AspNetCore.Mvc;

namespace Catalogue.Api.Hosting;

/// <summary>
/// What a client is told when its body could not be read to the end: too large (413), too slow — the server's
/// minimum data rate gave up on it — (408), or cut off or badly chunked (400). The server's own message (Kestrel's
/// "See MinRequestBodyDataRate") names its settings, not what the client can do.
/// </summary>
public static class RequestBodyProblems
{
    /// <param name="what">What the body is, as the start of a sentence: "The request body", "The page", "The batch".</param>
    public static ProblemDetails For(BadHttpRequestException unreadable, HttpContext http, string what) => unreadable.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => Problems.TooLarge(RequestBodyLimits.MaxBytesFor(http)),
        StatusCodes.Status408RequestTimeout => new ProblemDetails
        {
            Status = StatusCodes.Status408RequestTimeout,
            Title = $"{what} did not arrive in time",
            Detail = $"{what} arrived too slowly and was given up before it was complete.{Aftermath(what)}",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.9",
        },
        _ => Problems.BadRequest(
            $"{what} could not be read", $"{what} ended before the length it declared, or its chunked encoding was broken.{Aftermath(what)}"),
    };

    /// <summary>What the body of this request is, in the words of its endpoint.</summary>
    public static string WhatIsSent(HttpContext http) =>
        RequestBodyLimits.IsStreamed(http) ? "The batch"
        : string.Equals(http.Request.Path.Value?.TrimEnd('/'), ImportEndpoint.Route, StringComparison.OrdinalIgnoreCase) ? "The page"
        : "The request body";

    /// <summary>
    /// What became of the request and what to do; a batch of pages and a bulk import say it themselves, where they
    /// stopped (what came before is imported, and they are resumed in their batch, not retried under a key).
    /// </summary>
    private static string Aftermath(string what) => what switch
    {
        "The page" => " Nothing was imported. Send the page again.",
        "The batch" or "The import" => "",
        _ => " Nothing was changed. Send the request again; under the same Idempotency-Key a retry never applies a change twice.",
    };
}
