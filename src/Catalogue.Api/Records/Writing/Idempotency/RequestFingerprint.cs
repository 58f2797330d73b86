using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Catalogue.Api.Records.Writing.Idempotency;

/// <summary>
/// What makes two requests "the same request" for an Idempotency-Key: SHA-256 over the method, the path, the
/// If-Match header (it can carry the expected version) and the body bytes exactly as the client sent them.
/// </summary>
public static class RequestFingerprint
{
    private const string ItemKey = "catalogue.idempotency.request-fingerprint";

    /// <summary>The fingerprint taken when the request came in, or null when it carried no Idempotency-Key.</summary>
    public static string? Of(HttpContext http) => http.Items[ItemKey] as string;

    public static string Compute(string method, string path, string? ifMatch, ReadOnlySpan<byte> body)
    {
        using var hash = Begin(method, path, ifMatch);
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Reads the whole body once, before the endpoint does, and rewinds it: the endpoint (and Wolverine's JSON
    /// binding) then reads the same bytes from a buffered copy.
    /// </summary>
    internal static async Task TakeAsync(HttpContext http)
    {
        var request = http.Request;
        request.EnableBuffering();
        using var hash = Begin(request);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        request.Body.Position = 0;
        http.Items[ItemKey] = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A hash that has taken the request line and If-Match; the caller adds the body in its own terms.</summary>
    internal static IncrementalHash Begin(HttpRequest request) => Begin(request.Method, request.Path.Value ?? "", request.Headers.IfMatch.ToString());

    private static IncrementalHash Begin(string method, string path, string? ifMatch)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var field in new[] { method.ToUpperInvariant(), path, ifMatch ?? "" }) AppendField(hash, Encoding.UTF8.GetBytes(field));
        return hash;
    }

    /// <summary>Length-prefixed, so no choice of fields can make two different requests hash alike.</summary>
    internal static void AppendField(IncrementalHash hash, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
        hash.AppendData(length);
        hash.AppendData(field);
    }
}

/// <summary>
/// Takes the fingerprint of every POST that carries an Idempotency-Key, first thing in the pipeline — except a streamed
/// body, which its endpoint fingerprints as it reads it.
/// </summary>
internal sealed class FingerprintIdempotentRequests : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, nextMiddleware) =>
        {
            if (HttpMethods.IsPost(http.Request.Method) && http.Request.Headers.ContainsKey(IdempotencyKeys.Header) && !Hosting.RequestBodyLimits.IsStreamed(http))
            {
                await RequestFingerprint.TakeAsync(http);
            }

            await nextMiddleware(http);
        });
        next(app);
    };
}
