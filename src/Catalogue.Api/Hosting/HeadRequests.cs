using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Catalogue.Api.Hosting;

/// <summary>
/// A HEAD request is answered as the GET of the same address would be, without its body (RFC 9110: every
/// general-purpose server supports GET and HEAD). Link checkers and caches ask so for a record's permalink or a
/// harvest's base address; ASP.NET Core routes a HEAD only to endpoints that name it, and none of the catalogue's do.
/// The request is routed as a GET, then carries on as the HEAD it is, so logs, access checks and everything after
/// routing see what the client sent, and whatever the endpoint writes is dropped whatever server runs it.
/// </summary>
public static class HeadRequests
{
    private sealed class AskedWithHead;

    /// <summary>Routes the request that follows as a GET when it is a HEAD. Before routing.</summary>
    public static Task RouteAsGetAsync(HttpContext http, RequestDelegate next)
    {
        if (!HttpMethods.IsHead(http.Request.Method)) return next(http);
        http.Items[typeof(AskedWithHead)] = true;
        http.Request.Method = HttpMethods.Get;
        var body = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        http.Features.Set<IHttpResponseBodyFeature>(new DroppedBody(body));
        return next(http);
    }

    /// <summary>
    /// Gives a HEAD routed as a GET its own method back, and names HEAD beside GET in a 405's <c>Allow</c>, which
    /// routing writes from the endpoints' own methods. Right after routing.
    /// </summary>
    public static Task AnswerAsHeadAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Items.ContainsKey(typeof(AskedWithHead))) http.Request.Method = HttpMethods.Head;
        if (http.GetEndpoint()?.DisplayName == MethodNotAllowedEndpoint) http.Response.OnStarting(AllowHeadBesideGet, http.Response);
        return next(http);
    }

    /// <summary>The name ASP.NET Core's routing gives the endpoint that answers a method no endpoint of the address takes.</summary>
    private const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";

    private static Task AllowHeadBesideGet(object state)
    {
        var response = (HttpResponse)state;
        var methods = response.Headers.Allow.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (methods.Contains(HttpMethods.Get) && !methods.Contains(HttpMethods.Head)) response.Headers.Allow = string.Join(", ", methods.Append(HttpMethods.Head));
        return Task.CompletedTask;
    }

    /// <summary>The server's response body, with every byte written to it dropped; the headers are sent as ever.</summary>
    private sealed class DroppedBody(IHttpResponseBodyFeature server) : IHttpResponseBodyFeature
    {
        public Stream Stream => Stream.Null;

        public PipeWriter Writer { get; } = PipeWriter.Create(Stream.Null);

        public void DisableBuffering() => server.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => server.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => server.CompleteAsync();
    }
}
