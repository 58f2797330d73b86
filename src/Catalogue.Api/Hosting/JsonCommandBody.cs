using System.Reflection;
using System.Text.Json;
using Catalogue.Api.Records.Writing;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Reads the JSON body of a command, instead of Wolverine's binding: only <c>application/json</c> (any letter case,
/// no charset or UTF-8), an empty body as <c>{}</c>, and every refusal as problem details in the catalogue's words.
/// </summary>
public static class JsonCommandBody
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <returns>The command, or null when the request has been answered with a refusal.</returns>
    public static async Task<T?> ReadAsync<T>(HttpContext http) where T : class
    {
        var (command, problem) = await TryReadAsync<T>(http);
        if (problem is null) return command;

        ClientErrors.Log(http, problem);
        await problem.ToResult().ExecuteAsync(http);
        return null;
    }

    private static async Task<(T? Command, ProblemDetails? Problem)> TryReadAsync<T>(HttpContext http) where T : class
    {
        var request = http.Request;
        var declared = request.ContentType;
        if (string.IsNullOrEmpty(declared) ? request.ContentLength > 0 : !ContentTypes.IsUtf8(declared, ContentTypes.Json))
            return (null, Unsupported(declared));

        ArraySegment<byte> body;
        try
        {
            body = await ReadBodyAsync(http);
        }
        catch (BadHttpRequestException unreadable)
        {
            return (null, RequestBodyProblems.For(unreadable, http, "The request body"));
        }

        // Only reading tells an empty body from another when its length is not declared (chunked).
        if (body.Count == 0) body = EmptyObject;
        else if (string.IsNullOrEmpty(declared)) return (null, Unsupported(declared));

        if (JsonBodyErrors.NotUtf8(body) is { } notUtf8) return (null, Malformed(notUtf8));
        // RFC 8259 §8.1 lets a parser ignore a byte order mark; System.Text.Json reads a stream so, but not bytes.
        var json = body.AsSpan().StartsWith(Utf8ByteOrderMark) ? body.AsSpan(Utf8ByteOrderMark.Length) : body.AsSpan();

        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            if (JsonSerializer.Deserialize<T>(json, StrictAbout(options)) is not { } command)
                return (null, Malformed((JsonBodyErrors.Body, "must be a JSON object, not null.")));
            if (command is IKeepsWhatItLeavesOut && LeftOutFields.NullsIn(json) is { Count: > 0 } nulls) return (null, Malformed(nulls));
            return (command, null);
        }
        catch (JsonException refusal)
        {
            return (null, Malformed(JsonBodyErrors.Refusals<T>(json, refusal, StrictAbout(options), options)));
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Strict = new();

    /// <summary>
    /// The service's options, refusing a member no field takes and one given twice: a correction naming <c>folio</c> for
    /// <c>folios</c> would otherwise answer 200 and change the other fields only, as a query parameter it does not take
    /// would filter nothing; <c>{"title":"a","Title":"b"}</c> would keep whichever came last, a guess at what was meant.
    /// </summary>
    private static JsonSerializerOptions StrictAbout(JsonSerializerOptions options) => Strict.GetValue(options, o => new JsonSerializerOptions(o)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    });

    private static readonly byte[] Utf8ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private static ProblemDetails Unsupported(string? declared) => ContentTypes.Unsupported(declared, "A command", ContentTypes.Json);

    private static ProblemDetails Malformed((string Field, string Message) error) => Malformed([error]);

    /// <param name="errors">One a field.</param>
    private static ProblemDetails Malformed(IEnumerable<(string Field, string Message)> errors) =>
        new HttpValidationProblemDetails(errors.ToDictionary(e => e.Field, e => new[] { e.Message }))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Validation.ValidationTitles.NotValid,
            Detail = "See errors for each field.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };

    /// <summary>
    /// The whole body, which a command's limit keeps small enough to hold; nothing is read when there is none. A large
    /// one is read and worked on only with room for it among the large payloads held at once (<see cref="LargePayloads"/>):
    /// before it is read when its length is declared, once it has grown past the threshold when it is not.
    /// </summary>
    private static async Task<ArraySegment<byte>> ReadBodyAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentLength == 0 || http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }) return ArraySegment<byte>.Empty;

        var most = RequestBodyLimits.MaxBytesFor(http);
        var body = new LimitedRequestBody(request.Body, most);
        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)Math.Min(length, most) : 0);
        if (request.ContentLength > LargePayloads.Threshold) await LargePayloads.EnterForRequestAsync(http, request.ContentLength.Value);
        else if (request.ContentLength is null)
        {
            await CopyAsync(body, buffer, LargePayloads.Threshold + 1, http.RequestAborted);
            if (buffer.Length > LargePayloads.Threshold) await LargePayloads.EnterForRequestAsync(http, most);
        }

        await body.CopyToAsync(buffer, http.RequestAborted);
        // The bytes as they were read, not a copy: the body of a command may be megabytes.
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task CopyAsync(Stream from, Stream to, int most, CancellationToken ct)
    {
        var chunk = new byte[16 * 1024];
        for (var left = most; left > 0;)
        {
            var read = await from.ReadAsync(chunk.AsMemory(0, Math.Min(chunk.Length, left)), ct);
            if (read == 0) return;
            await to.WriteAsync(chunk.AsMemory(0, read), ct);
            left -= read;
        }
    }
}

/// <summary>
/// The body of a command that needs nothing beyond its route (a rebuild, a re-parse, a checkpoint, a key's revocation):
/// none, or a JSON object, as any command's body. Declared so that such a command refuses what every other refuses — a
/// body in another media type, <c>null</c>, an array, a string, an object with fields — instead of ignoring it; fields are
/// refused, as every command refuses fields it does not know.
/// </summary>
public sealed record EmptyBody;

/// <summary>The command an endpoint reads from its JSON body.</summary>
public sealed record JsonCommandBodyMetadata(Type CommandType);

/// <summary>
/// Binds an endpoint's command parameter — a type of the catalogue's own that is not a service — to
/// <see cref="JsonCommandBody"/>, ahead of Wolverine's own JSON binding.
/// </summary>
public sealed class JsonCommandBodyStrategy : IParameterStrategy
{
    public bool TryMatch(HttpChain chain, IServiceContainer container, ParameterInfo parameter, out Variable? variable)
    {
        variable = null;
        var type = parameter.ParameterType;
        if (chain.HttpMethods.All(m => m is "GET" or "HEAD" or "DELETE")) return false;
        if (!type.IsClass || type.IsAbstract || type.Assembly != typeof(JsonCommandBodyStrategy).Assembly) return false;
        if (container.FindMatchingServices(t => t == type).Any(s => !s.IsKeyedService) || HasBindingAttribute(parameter)) return false;

        variable = new ReadJsonCommandFrame(parameter).Command;
        // Wolverine learns a chain's request type only from its own body binding; say it here, for whoever describes the
        // endpoint. (Not as ASP.NET's Accepts metadata: routing would then answer a wrong Content-Type with a bare 415.)
        chain.Metadata.WithMetadata(new JsonCommandBodyMetadata(type));
        return true;
    }

    /// <summary>[FromServices], [FromHeader], Wolverine's [Aggregate] and the like say where the value comes from.</summary>
    private static bool HasBindingAttribute(ParameterInfo parameter) =>
        parameter.GetCustomAttributes().Any(a => a.GetType().Namespace is { } ns && (ns.StartsWith("Wolverine", StringComparison.Ordinal) || ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)));
}

/// <summary>Reads the command; a refusal has been written when it comes back null, so the endpoint stops there.</summary>
public sealed class ReadJsonCommandFrame : AsyncFrame
{
    private Variable? _http;

    public ReadJsonCommandFrame(ParameterInfo parameter) =>
        Command = new Variable(parameter.ParameterType, parameter.Name is null or "_" ? Variable.DefaultArgName(parameter.ParameterType) : parameter.Name, this);

    public Variable Command { get; }

    public override IEnumerable<Variable> FindVariables(IMethodVariables chain)
    {
        _http = chain.FindVariable(typeof(HttpContext));
        yield return _http;
    }

    public override void GenerateCode(GeneratedMethod method, ISourceWriter writer)
    {
        writer.WriteComment("The command's JSON body, read by the catalogue (content type, empty body, problem details)");
        writer.Write($"var {Command.Usage} = await {typeof(JsonCommandBody).FullNameInCode()}.{nameof(JsonCommandBody.ReadAsync)}<{Command.VariableType.FullNameInCode()}>({_http!.Usage});");
        writer.Write($"if ({Command.Usage} == null) return;");
        Next?.GenerateCode(method, writer);
    }
}
