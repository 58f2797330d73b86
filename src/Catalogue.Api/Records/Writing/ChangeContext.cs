using System.Diagnostics;
using Marten;

namespace Catalogue.Api.Records.Writing;

/// <summary>
/// Who makes a change, as part of which request, from where and why. Stored as each event's metadata:
/// the actor as Marten's user name, the correlation and causation ids in their own columns, source and reason as headers.
/// The causation id names the one request or file that caused the events; the correlation id ties together
/// everything done for one purpose (a client may send it across many requests).
/// </summary>
public sealed record ChangeContext(string Actor, string CorrelationId, string Source, string? Reason, string? CausationId = null)
{
    public const string AnonymousActor = "anonymous";
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string ReasonKey = "reason";
    public const string SourceKey = "source";

    public static ChangeContext FromRequest(HttpContext http, string? reason) => new(
        ActorOf(http),
        CorrelationIdOf(http),
        $"http {http.Request.Method} {http.Request.Path}",
        string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        $"http-request:{http.TraceIdentifier}");

    public ChangeContext WithReason(string? reason) => this with { Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim() };

    public void StampOnto(IDocumentSession session)
    {
        session.LastModifiedBy = Actor;
        session.CorrelationId = CorrelationId;
        session.CausationId = CausationId;
        session.SetHeader(SourceKey, Source);
        if (Reason is not null)
        {
            session.SetHeader(ReasonKey, Reason);
        }
    }

    private static string ActorOf(HttpContext http) => Security.SecurityServices.ActorOf(http.User) ?? AnonymousActor;

    /// <summary>The caller's X-Correlation-Id when it is a sane token, else the request's trace id.</summary>
    public static string CorrelationIdOf(HttpContext http)
    {
        var given = http.Request.Headers[CorrelationHeader].ToString();
        if (given.Length is > 0 and <= 128 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            return given;
        }

        return Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
    }
}
