using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Turns failures that escape an endpoint into problem details that say what the client can do, and never
/// into stack traces or SQL: an unreadable body is 400, 408 or 413, an unreachable database 503 with Retry-After.
/// </summary>
public sealed class CatalogueExceptionHandler(IProblemDetailsService problems, ILogger<CatalogueExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Describe(http, exception);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
            if (exception is LargePayloadsBusyException)
            {
                logger.LogWarning("{Problem} while serving {Method} {Path}: {Reason}", problem.Title, http.Request.Method, http.Request.Path, exception.Message);
            }
            else if (Audit.ReadModelLocks.IsAppendHeldByMaintenance(exception))
            {
                // Expected while a rebuild or check holds appends, and fully said by the answer: a line, not the database's stack.
                logger.LogWarning(
                    "{Problem} while serving {Method} {Path}: the change waited {Seconds} s for the read models' maintenance and was refused",
                    problem.Title, http.Request.Method, http.Request.Path, Audit.ReadModelLocks.AppendWaitSeconds);
            }
            else
            {
                logger.LogWarning(exception, "{Problem} while serving {Method} {Path}", problem.Title, http.Request.Method, http.Request.Path);
            }
        }
        else if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled failure while serving {Method} {Path}", http.Request.Method, http.Request.Path);
        }
        else
        {
            // The client's to fix: its reason, not a stack trace.
            ClientErrors.Log(http, problem, $"{exception.GetType().Name}: {exception.Message}");
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Describe(HttpContext http, Exception exception) => exception switch
    {
        // A body read before the endpoint (an Idempotency-Key's fingerprint) or by an endpoint that leaves it to us.
        BadHttpRequestException unreadable => RequestBodyProblems.For(unreadable, http, RequestBodyProblems.WhatIsSent(http)),
        _ when DatabaseProblem(exception) is { } database => ForWhatWasSent(http, database),
        LargePayloadsBusyException busy => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The service is busy with other large requests",
            Detail = $"{busy.Message} Nothing was changed. Send it again shortly.",
        },
        // Past the memory the large payloads' bound leaves for the rest (LargePayloads): said as what it is, never as a
        // failure of the catalogue's own. A change is committed whole or not at all, but one may have been committed
        // before the answer failed.
        _ when InnerOf<OutOfMemoryException>(exception) is not null => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The service ran short of memory",
            Detail = "The service did not have the memory this request needed. A change is saved whole or not at all: read what the request was to "
                + "change before sending it again (an import is resumed in its batch). If this keeps happening, give the service more memory or lower "
                + "Catalogue:Limits:LargePayloadMiB.",
        },
        _ when ((Exception?)InnerOf<Marten.Exceptions.EventDeserializationFailureException>(exception) ?? InnerOf<History.UnreadableEventException>(exception)) is { } unreadable => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An event in the store cannot be read",
            Detail = $"{unreadable.Message.TrimEnd('.')}. Nothing was changed. The event store holds an event this version of the catalogue "
                     + "cannot read: written by another version, or altered outside the catalogue (GET /api/audit/verify checks the event chain). "
                     + "The failure has been logged; quote the trace id when reporting it.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "Unexpected error",
            Detail = "The failure has been logged; quote the trace id when reporting it.",
        },
    };

    private static T? InnerOf<T>(Exception exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
        }

        return null;
    }

    /// <summary>503 problem details when the failure is the database's (unreachable, or too slow to answer), else null.</summary>
    public static ProblemDetails? DatabaseProblem(Exception exception) => exception switch
    {
        _ when Audit.ReadModelLocks.IsAppendHeldByMaintenance(exception) => Audit.ReadModelLocks.AppendHeldByMaintenance(),
        _ when IsDatabaseTimeout(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The catalogue database did not answer in time",
            Detail = "The database call was cancelled after the configured timeout. Send the request again shortly; " + ReplayHint,
        },
        _ when IsDatabaseUnavailable(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The catalogue database is unavailable",
            Detail = "Nothing was changed. Try again shortly.",
        },
        _ when IsEventNumberTaken(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The event store handed out a sequence number an event already has",
            Detail = "Nothing was changed; a retry takes the next number. The event sequence is behind the events (as after a restore "
                + "that did not set it); if this keeps happening, an operator should set catalogue.mt_events_sequence past the highest seq_id.",
        },
        _ => null,
    };

    public const string RetryAfterSeconds = "5";

    private const string ReplayHint = "with the same Idempotency-Key a retry never applies a change twice.";

    /// <summary>
    /// The time-out's advice without the Idempotency-Key to a request that cannot send one: a read, or a command that
    /// refuses the header (found from outside: a checkpoint's 503 advised the key its endpoint answers with 400).
    /// </summary>
    private static ProblemDetails ForWhatWasSent(HttpContext http, ProblemDetails problem)
    {
        var replayed = HttpMethods.IsPost(http.Request.Method) && http.GetEndpoint()?.Metadata.GetMetadata<Validation.IdempotencyKeyRefusal>() is null;
        if (!replayed && problem.Detail?.EndsWith("; " + ReplayHint, StringComparison.Ordinal) == true)
            problem.Detail = problem.Detail[..^(ReplayHint.Length + 2)] + ".";
        return problem;
    }

    /// <summary>Npgsql's command timeout: the command is cancelled on the server (57014) and surfaces as a TimeoutException.</summary>
    public static bool IsDatabaseTimeout(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }) return true;
        }

        return false;
    }

    private static bool IsEventNumberTaken(Exception exception) =>
        InnerOf<PostgresException>(exception) is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pkey_mt_events_seq_id" };

    /// <summary>
    /// Whether a background task's database work failed for the database's sake — unreachable, too slow, refusing — in
    /// whatever Marten or Npgsql wrapped it: a <c>MartenCommandException</c>, or the <c>ObjectDisposedException</c> of a
    /// transaction its broken connection took with it. Such a task logs it and tries again; not caught, it would stop the
    /// host (found from outside: PostgreSQL stalled during the sweep of expired Idempotency-Keys, and the service exited).
    /// </summary>
    public static bool IsDatabaseFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException or TimeoutException) return true;
        }

        return false;
    }

    /// <summary>Whether the database could not be reached (refused, gone, shutting down), as opposed to answering too slowly.</summary>
    /// <summary>
    /// The server refused the connection itself: the database named is not there (3D000), or the role or its password
    /// is refused (class 28). Not an outage to wait out but a connection string to mend (or a database dropped, a
    /// password changed, under a running service: unavailable to it all the same).
    /// </summary>
    /// <returns>The server's reason ("3D000: database "x" does not exist"), or Npgsql's when no password was given for a server that asks one; null otherwise.</returns>
    public static string? ConnectionRefused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException pg && (pg.SqlState == PostgresErrorCodes.InvalidCatalogName || pg.SqlState.StartsWith("28", StringComparison.Ordinal)))
                return $"{pg.SqlState}: {pg.MessageText}";
            // Npgsql's own, before the server's refusal: the connection string gives no password (found from outside).
            if (e is NpgsqlException { InnerException: null } npgsql and not PostgresException && npgsql.Message.StartsWith("No password has been provided", StringComparison.Ordinal))
                return npgsql.Message.TrimEnd('.');
        }

        return null;
    }

    public static bool IsDatabaseUnavailable(Exception? exception)
    {
        if (ConnectionRefused(exception) is not null) return true;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03":
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                // A multi-host connection string (a replica, then the primary) whose every host is down or marked so.
                case NpgsqlException when e.Message.StartsWith("No suitable host", StringComparison.Ordinal):
                    return true;
            }
        }

        return false;
    }
}
