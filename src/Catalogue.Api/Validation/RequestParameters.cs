using System.Globalization;
using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace Catalogue.Api.Validation;

/// <summary>
/// Runs before every Wolverine endpoint and refuses the route and query values no endpoint can use, with a 400 that
/// names the parameter as a body's validation names a field: text holding a control or other hidden character
/// (PostgreSQL refuses NUL in text with a 500, and no identifier or filter a client means holds one), and a number or
/// id that does not fit the type the endpoint declares (Wolverine's own refusal names no field; a route number that
/// does not fit answered a bare 404), a query parameter the endpoint does not take (a filter a list or report
/// ignored answered as if it had been applied), and a part of the path or query whose percent-encoding is not UTF-8
/// (<see cref="PercentEncoding"/>).
/// </summary>
public sealed class RequestParametersPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            var ownQuery = chain.Method.Method.GetCustomAttribute<ReadsItsOwnQueryAttribute>();
            if (ownQuery?.AnswersItsOwnErrors == true) continue;
            var parameters = EndpointParameter.Of(chain);
            chain.Metadata.WithMetadata(TypedParameters.Of(parameters));
            if (ownQuery is null) chain.Metadata.WithMetadata(QueryParameterNames.Of(chain, parameters));
            if (ownQuery is not null || chain.Method.Method.GetCustomAttribute<ChecksItsQueryTooAttribute>() is not null)
                chain.Metadata.WithMetadata(new ChecksItsQueryTooAttribute());
            chain.Metadata.ProducesProblem(StatusCodes.Status400BadRequest);
            if (IdempotencyKeyRefusal.For(chain) is { } refusal) chain.Metadata.WithMetadata(refusal);
            var call = new MethodCall(typeof(RequestParameters), typeof(RequestParameters).GetMethod(nameof(RequestParameters.Check))!);
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }
}

/// <summary>
/// Why a POST that is not replayed under an Idempotency-Key refuses one: ignored, it would let a client believe its
/// retry safe (a key's creation retried would take the name again and lose the key shown once). The commands that are
/// replayed — a record's, a page's or a batch's import, a person's — take one; the bulk imports refuse it themselves,
/// saying how they are resumed instead.
/// </summary>
public sealed record IdempotencyKeyRefusal(string Message)
{
    public static IdempotencyKeyRefusal? For(HttpChain chain)
    {
        var route = chain.RoutePattern?.RawText ?? "";
        if (!chain.HttpMethods.Contains(HttpMethods.Post)) return null;
        if (route.StartsWith("/api/records", StringComparison.Ordinal) || route.StartsWith("/api/people/", StringComparison.Ordinal)
            || route is Imports.ImportEndpoint.Route or Imports.ImportBatchEndpoint.Route || route.StartsWith("/api/imports/jsonl", StringComparison.Ordinal)
            || route.StartsWith("/api/imports/csv", StringComparison.Ordinal)) return null;
        return new IdempotencyKeyRefusal(route == "/api/keys"
            ? "A key's creation is not replayed under an Idempotency-Key: the key is shown once and never kept. If its answer was lost, revoke the key by its name (POST /api/keys/{name}/revoke) and create another; send this without the header."
            : $"POST {route} is not replayed under an Idempotency-Key; send it without the header.");
    }
}

/// <summary>
/// Marks an endpoint that reads the query string itself, so takes names no parameter of its method declares: it
/// refuses the names it does not know itself (search). One that <see cref="AnswersItsOwnErrors"/> is left out of the
/// checks altogether: OAI-PMH answers every request with 200 and its own errors, which harvesters read.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadsItsOwnQueryAttribute : Attribute
{
    public bool AnswersItsOwnErrors { get; init; }
}

/// <summary>
/// Marks an endpoint that checks its query's values itself (an order, a cursor, a page's size) and refuses what the
/// checks every endpoint runs refused with its own refusals, in one answer (<see cref="RequestParameters.Refusing"/>),
/// before it reads anything: a client is told every wrong parameter at once, not a control character alone and the
/// rest at its next try. A value that does not parse as the parameter's type is still refused by those checks at once,
/// Wolverine parsing it next. Search, which reads its own query, is such an endpoint too.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChecksItsQueryTooAttribute : Attribute;

/// <summary>
/// Marks a query parameter an endpoint took once and refuses now with its own word on what to send instead (the record
/// list's <c>page</c>): it is read so as to be refused, and not named among the parameters the endpoint takes.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class NoLongerTakenAttribute : Attribute;

/// <summary>One parameter of an endpoint's method as Wolverine binds it: its name, its type (not nullable), and where it comes from.</summary>
public sealed record EndpointParameter(string Name, Type Type, bool FromRoute, bool FromQuery, bool NoLongerTaken = false)
{
    /// <summary>The whole numbers it takes (<see cref="System.ComponentModel.DataAnnotations.RangeAttribute"/>), when it declares them.</summary>
    public (long Least, long Most)? Range { get; init; }

    private static readonly Type[] Simple =
        [typeof(string), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly), typeof(decimal)];

    /// <summary>The parameters of the chain's method that take a value from the route or the query string.</summary>
    public static IReadOnlyList<EndpointParameter> Of(HttpChain chain)
    {
        var inRoute = chain.RoutePattern?.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        return
        [
            .. chain.Method.Method.GetParameters()
                .Where(p => p.Name is not null)
                .Select(p => new EndpointParameter(
                    p.Name!, Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType, inRoute.Contains(p.Name!), !inRoute.Contains(p.Name!) && BoundFromQuery(p),
                    p.GetCustomAttribute<NoLongerTakenAttribute>() is not null)
                {
                    Range = p.GetCustomAttribute<System.ComponentModel.DataAnnotations.RangeAttribute>() is { Minimum: int least, Maximum: int most } ? (least, most) : null,
                })
                .Where(p => p.FromRoute || p.FromQuery),
        ];
    }

    private static bool BoundFromQuery(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttributes().Any(a => a is IFromServiceMetadata or IFromHeaderMetadata or IFromBodyMetadata or IFromFormMetadata or IFromRouteMetadata))
            return false;
        var type = parameter.ParameterType.IsArray ? parameter.ParameterType.GetElementType()! : parameter.ParameterType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || Simple.Contains(type);
    }
}

/// <summary>The query parameters an endpoint takes: the values of its method that Wolverine binds from the query string.</summary>
/// <param name="Reads">Whether the endpoint reads records, so that a refusal points to search for filters.</param>
/// <param name="Names">Every name it reads, those it no longer takes (<see cref="NoLongerTakenAttribute"/>) among them.</param>
/// <param name="Taken">The names a refusal says it takes.</param>
public sealed record QueryParameterNames(string Endpoint, bool Reads, IReadOnlySet<string> Names, IReadOnlyList<string> Taken)
{
    public static QueryParameterNames Of(HttpChain chain, IReadOnlyList<EndpointParameter> parameters)
    {
        var route = "/" + chain.RoutePattern?.RawText?.TrimStart('/');
        var readsRecords = chain.HttpMethods.All(m => m is "GET") && RecordReads.Any(read => route.StartsWith(read, StringComparison.Ordinal));
        return new QueryParameterNames(
            $"{string.Join("/", chain.HttpMethods)} {route}",
            readsRecords,
            parameters.Where(p => p.FromQuery).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase),
            [.. parameters.Where(p => p.FromQuery && !p.NoLongerTaken).Select(p => p.Name).Order(StringComparer.Ordinal)]);
    }

    /// <summary>The reads that list or count records, whose filters are search's.</summary>
    private static readonly string[] RecordReads =
        ["/api/records", "/api/people", "/api/places", "/api/subjects", "/api/repositories", "/api/reports", "/api/exports"];

    /// <summary>Why the parameter is refused: what the endpoint takes, and where filters are for a read of records.</summary>
    public string Refusal(string name)
    {
        var takes = Taken.Count == 0 ? "takes no query parameter" : $"takes: {string.Join(", ", Taken)}";
        var search = Reads ? " To find or count records by a filter, search for them: GET /api/search takes filters and answers their facet counts." : "";
        return $"'{name}' is not a parameter of {Endpoint}, which {takes}.{search}";
    }

    /// <summary>The parameter as the endpoint declares it, whatever letter case the request gave it in.</summary>
    public string Declared(string name) => Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) ?? name;

    /// <summary>
    /// A parameter sent blank (<c>?actor=</c>, <c>?pageSize=%20</c>) is refused, as search and the export refuse one: a
    /// filter read as absent would answer everything as if it were the filtered answer (a script whose variable was
    /// unset). Only the words typed to find something (<c>q</c>) may be blank, as an empty search box is.
    /// </summary>
    public static bool TakesBlank(string name) => string.Equals(name, "q", StringComparison.OrdinalIgnoreCase);

    public static string Blank(string name) => $"'{name}' must not be empty: give it a value, or leave it out.";

    /// <summary>Why a parameter given more than once is refused: the endpoint reads one value, and would read them joined.</summary>
    public static string Repeated(string name, int times) => $"'{name}' is given {times} times; it takes one value.";
}

/// <summary>The route and query parameters of an endpoint whose values must parse as a number, an id or true/false.</summary>
public sealed record TypedParameters(IReadOnlyDictionary<string, Type> Route, IReadOnlyDictionary<string, Type> Query)
{
    /// <summary>The ids in the route (a record's, a person's): one that does not parse names nothing, which the route's 404 says.</summary>
    public IReadOnlyList<string> RouteIds { get; init; } = [];

    /// <summary>The whole numbers a parameter takes, by its name, where it says: its refusal names them rather than its type's.</summary>
    public IReadOnlyDictionary<string, (long Least, long Most)> Ranges { get; init; } = new Dictionary<string, (long Least, long Most)>();

    private static readonly Type[] Parsed = [typeof(int), typeof(long), typeof(Guid), typeof(bool)];

    /// <summary>Whether <paramref name="parameter"/> is one of these, in any letter case.</summary>
    public bool Names(string parameter) =>
        Route.Keys.Concat(Query.Keys).Contains(parameter, StringComparer.OrdinalIgnoreCase);

    public static TypedParameters Of(IReadOnlyList<EndpointParameter> parameters)
    {
        var typed = parameters.Where(p => Parsed.Contains(p.Type)).ToList();

        // A Guid in the route is a record id: one that does not parse names no record, which the route's 404 says.
        return new TypedParameters(
            typed.Where(p => p.FromRoute && p.Type != typeof(Guid)).ToDictionary(p => p.Name, p => p.Type),
            typed.Where(p => p.FromQuery).ToDictionary(p => p.Name, p => p.Type))
        {
            Ranges = typed.Where(p => p.Range is not null).ToDictionary(p => p.Name, p => p.Range!.Value),
            RouteIds = typed.Where(p => p.FromRoute && p.Type == typeof(Guid)).Select(p => p.Name).ToList(),
        };
    }
}

public static class RequestParameters
{
    /// <summary>
    /// Why an address whose id is no id answers 404 (found from outside: <c>GET /api/records/not-a-guid</c> answered a
    /// problem saying only "Not Found"); null when the 404 is another's, or every id in the route reads as one.
    /// </summary>
    public static string? NoSuchId(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<TypedParameters>() is { RouteIds.Count: > 0 } typed ? NoSuchId(http, typed) : null;

    private static string? NoSuchId(HttpContext http, TypedParameters typed)
    {
        foreach (var name in typed.RouteIds)
        {
            if (http.Request.RouteValues.TryGetValue(name, out var value) && value is string written && !IsId(written))
                return $"Nothing is found here: '{Echoed.Shortened(written, most: 100)}' is not an id. The '{name}' in this address is a UUID, such as 0190c5e4-1b2a-7c3d-8e4f-5a6b7c8d9e0f.";
        }

        return null;
    }

    /// <summary>The refusal of a whole number out of its range, or no whole number at all, as every endpoint words it.</summary>
    public static string WholeNumberBetween(string name, long least, long most) =>
        string.Create(CultureInfo.InvariantCulture, $"'{name}' must be a whole number between {least} and {most}.");

    /// <summary>What a refusal names when the part of the path it refuses is no route value (a segment of the route's own).</summary>
    private const string WholePath = "path";

    /// <returns>A 400 validation problem naming each parameter refused, or <see cref="WolverineContinue.Result()"/> to carry on.</returns>
    public static IResult Check(HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var metadata = http.GetEndpoint()?.Metadata;
        var taken = metadata?.GetMetadata<QueryParameterNames>();
        // The path as sent (a test host sends none: its path keeps escapes that are not UTF-8 as they were, as Kestrel's does).
        var rawPath = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target
            ? target.IndexOf('?', StringComparison.Ordinal) is var query and >= 0 ? target[..query] : target
            : http.Request.Path.Value;
        foreach (var segment in PercentEncoding.NotUtf8InPath(rawPath))
        {
            var name = http.Request.RouteValues.FirstOrDefault(v => v.Value as string == segment).Key ?? WholePath;
            errors.TryAdd(name, [PercentEncoding.Refusal(name)]);
        }

        foreach (var sent in PercentEncoding.NotUtf8InQuery(http.Request.QueryString.Value))
        {
            var name = taken?.Declared(sent) ?? sent;
            errors.TryAdd(name, [PercentEncoding.Refusal(name)]);
        }

        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (value is string text && CatalogueRules.HiddenCharacterIn(text, layout: false) is { } found)
                errors.TryAdd(name, [$"'{name}' must not contain {found}."]);
            // A part of a path that is only spaces (%20) names nothing: told so, not looked for as a fond or a key named " ".
            else if (value is string blank && string.IsNullOrWhiteSpace(blank))
                errors.TryAdd(name, [$"'{name}' must not be blank: the path names it by at least one visible character."]);
        }

        foreach (var (name, values) in http.Request.Query)
        {
            var found = CatalogueRules.HiddenCharacterIn(name, layout: false)
                ?? values.Select(value => CatalogueRules.HiddenCharacterIn(value, layout: false)).FirstOrDefault(f => f is not null);
            if (found is not null) errors.TryAdd(name, [$"'{name}' must not contain {found}."]);
        }

        if (taken is not null)
        {
            foreach (var (name, values) in http.Request.Query)
            {
                if (!taken.Names.Contains(name)) errors.TryAdd(name, [taken.Refusal(name)]);
                else if (values.Count > 1) errors.TryAdd(taken.Declared(name), [QueryParameterNames.Repeated(taken.Declared(name), values.Count)]);
                else if (string.IsNullOrWhiteSpace(values[0]) && !QueryParameterNames.TakesBlank(name)) errors.TryAdd(taken.Declared(name), [QueryParameterNames.Blank(taken.Declared(name))]);
            }
        }

        if (metadata?.GetMetadata<IdempotencyKeyRefusal>() is { } notReplayed && http.Request.Headers.ContainsKey(Records.Writing.Idempotency.IdempotencyKeys.Header))
            errors.TryAdd(Records.Writing.Idempotency.IdempotencyKeys.Header, [notReplayed.Message]);

        var typed = metadata?.GetMetadata<TypedParameters>();
        if (typed is not null)
        {
            foreach (var (name, type) in typed.Route)
            {
                if (http.Request.RouteValues.TryGetValue(name, out var value) && Misfit(name, value as string, type, typed.Ranges) is { } problem)
                    errors.TryAdd(name, [problem]);
            }

            foreach (var (name, type) in typed.Query)
            {
                if (http.Request.Query[name].Select(value => Misfit(name, value, type, typed.Ranges)).FirstOrDefault(p => p is not null) is { } problem)
                    errors.TryAdd(name, [problem]);
            }
        }

        // A typed parameter refused (not a number, given twice, blank, a control character) is refused at once, as is
        // any part of the path (a record's id holding a control character): Wolverine would parse it next, and refuse it
        // without naming it (a bare 404 for an id).
        if (errors.Count > 0 && metadata?.GetMetadata<ChecksItsQueryTooAttribute>() is not null
            && !errors.Keys.Any(name => typed?.Names(name) == true || http.Request.RouteValues.ContainsKey(name) || name == WholePath))
        {
            http.Features.Set(new RefusedParameters(errors));
            return WolverineContinue.Result();
        }

        if (errors.Count > 0) return Results.ValidationProblem(errors, title: ValidationTitles.NotValid, detail: "See errors for each parameter.");
        // Wolverine reads a route's id however Guid.TryParse does (braces, no hyphens, spaces around): one record had as
        // many addresses; an id is found at the one address the service gives.
        return typed is { RouteIds.Count: > 0 } && NoSuchId(http, typed) is { } notAnId
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: notAnId)
            : WolverineContinue.Result();
    }

    /// <summary>Kept as a feature, not in <c>HttpContext.Items</c>: reading that on the record's read, the most frequent of all, would make its dictionary.</summary>
    private sealed record RefusedParameters(Dictionary<string, string[]> Errors);

    /// <summary>
    /// The parameters these checks refused for an endpoint that checks its query too (<see cref="ChecksItsQueryTooAttribute"/>),
    /// which it must refuse with its own: empty when none was.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> RefusedBefore(HttpContext http) =>
        http.Features.Get<RefusedParameters>()?.Errors ?? (IReadOnlyDictionary<string, string[]>)System.Collections.ObjectModel.ReadOnlyDictionary<string, string[]>.Empty;

    /// <summary>
    /// What an endpoint that checks its query too refuses: its own refusals and <paramref name="refusedBefore"/>, which
    /// stand for a parameter both refused (a control character says more than "not an order").
    /// </summary>
    public static Dictionary<string, string[]> Refusing(IReadOnlyDictionary<string, string[]> refusedBefore, Dictionary<string, string[]> own)
    {
        foreach (var (name, reasons) in refusedBefore)
        {
            foreach (var same in own.Keys.Where(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)).ToList()) own.Remove(same);
            own[name] = reasons;
        }

        return own;
    }

    /// <inheritdoc cref="Refusing(IReadOnlyDictionary{string, string[]}, Dictionary{string, string[]})"/>
    public static Dictionary<string, string[]> Refusing(HttpContext http, Dictionary<string, string[]> own) => Refusing(RefusedBefore(http), own);

    /// <summary>Why the value does not fit the parameter's type, or null when it does (or is absent).</summary>
    private static string? Misfit(string name, string? value, Type type, IReadOnlyDictionary<string, (long Least, long Most)> ranges)
    {
        if (string.IsNullOrEmpty(value)) return null;
        // Found from outside: pageSize=2147483648 was told it must be from -2147483648 to 2147483647, where 1 to 100 are taken.
        if (ranges.TryGetValue(name, out var range))
        {
            return IsWrittenWhole(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= int.MinValue && number <= int.MaxValue
                ? null
                : WholeNumberBetween(name, range.Least, range.Most);
        }

        if (type == typeof(int))
        {
            return IsWrittenWhole(value) && int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? null
                : $"'{name}' must be a whole number from {int.MinValue} to {int.MaxValue}.";
        }

        if (type == typeof(long))
        {
            return IsWrittenWhole(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? null
                : $"'{name}' must be a whole number from {long.MinValue} to {long.MaxValue}.";
        }

        // Wolverine's own refusal of "0", "no" or "yes" named no field (RFC 9457's errors), as a number's did.
        if (type == typeof(bool)) return bool.TryParse(value, out _) ? null : $"'{name}' must be true or false.";

        return IsId(value) ? null : $"'{name}' must be an id such as 0190c5e4-1b2a-7c3d-8e4f-5a6b7c8d9e0f.";
    }

    /// <summary>
    /// A whole number as the service writes one: digits, a minus before them (not before 0), no plus, no leading zero (found from
    /// outside: <c>version=+5</c> and checkpoint <c>01</c> were read as 5 and 1, where every other value is taken as written).
    /// </summary>
    public static bool IsWrittenWhole(string value)
    {
        var negative = value.StartsWith('-');
        var digits = negative ? value.AsSpan(1) : value.AsSpan();
        return digits.Length > 0 && (digits is "0" ? !negative : digits[0] != '0') && !digits.ContainsAnyExcept("0123456789");
    }

    /// <summary>
    /// An id as the service writes ids: 32 hexadecimal digits in five groups joined by hyphens (Guid.TryParse also
    /// took braces, parentheses, spaces around and no hyphens at all, so one record had many addresses).
    /// </summary>
    public static bool IsId(string value) => value.Length == 36 && Guid.TryParseExact(value, "D", out _);
}
