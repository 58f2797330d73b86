using System.Text.Json;

namespace Catalogue.Api.Records.Writing.Idempotency;

/// <summary>
/// An accepted command's answer exactly as it goes over the wire: status, JSON body, Location and ETag. Written the
/// same way the first time and on every replay, so a retried request gets the original response byte for byte.
/// </summary>
public sealed record CommandReply(int Status, string Body, string? Location = null, string? ETag = null)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static CommandReply Json(int status, object body, string? location = null, string? etag = null) =>
        new(status, JsonSerializer.Serialize(body, body.GetType(), JsonSerializerOptions.Web), location, etag);

    public IResult ToResult(bool replayed = false) => new Written(this, replayed);

    private sealed class Written(CommandReply reply, bool replayed) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = reply.Status;
            if (reply.Location is not null) response.Headers.Location = reply.Location;
            if (reply.ETag is not null) response.Headers.ETag = reply.ETag;
            if (replayed) response.Headers[ReplayedHeader] = "true";
            response.ContentType = "application/json; charset=utf-8";
            return response.WriteAsync(reply.Body, httpContext.RequestAborted);
        }
    }
}
