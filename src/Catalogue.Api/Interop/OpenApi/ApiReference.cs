using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Catalogue.Api.Interop.OpenApi;

/// <summary>
/// The API described for the developers of other tools: an OpenAPI 3.1 document generated from the endpoints by
/// Microsoft.AspNetCore.OpenApi (ASP.NET Core's own generator, which reads the metadata Wolverine gives its endpoints),
/// and a reference page by Scalar over it. Both open without credentials: they describe, they serve no record.
/// What the endpoints' metadata cannot say is added here from the catalogue's own tables: each command's body, the
/// roles each operation needs (<see cref="EndpointAccess"/>), the two ways to authenticate, and the problem details
/// every refusal is written as.
/// </summary>
public static class ApiReference
{
    public const string DocumentName = "v1";
    public const string DocumentRoute = "/openapi/{documentName}.json";
    public const string PageRoute = "/docs";
    public const string ApiKeyScheme = "apiKey";
    public const string BearerScheme = "bearer";
    public const string ProblemJson = "application/problem+json";

    public static string DocumentPath => DocumentRoute.Replace("{documentName}", DocumentName, StringComparison.Ordinal);

    /// <summary>The roles a policy admits, as the README's role table gives them.</summary>
    public static IReadOnlyList<string> RolesOf(string policy) => policy switch
    {
        Policies.Read => Roles.All,
        Policies.Staff => Roles.Staff,
        Policies.Catalogue => [Roles.Archivist, Roles.Admin],
        Policies.Audit => [Roles.Auditor, Roles.Admin],
        _ => [Roles.Admin],
    };

    /// <summary>The routes of the texts, served whole or by byte ranges (<see cref="TextRanges"/>).</summary>
    private const string FullTextRoute = "/api/records/{id}/full-texts/{language}/{kind}", AttachedTextRoute = "/api/records/{id}/history/{version}/full-text";

    /// <summary>The media types of the answers that are not JSON, by route; null for a JSON answer.</summary>
    public static IReadOnlyList<string>? NotJson(string route) => route switch
    {
        _ when route.EndsWith("/ead", StringComparison.Ordinal) || route.EndsWith("/history/premis", StringComparison.Ordinal) => ["application/xml"],
        "/api/records/{id}/dublin-core" => ["application/json", "application/xml"],
        FullTextRoute or AttachedTextRoute => ["text/plain"],
        "/api/records/{id}/citation" => ["text/plain", "application/vnd.citationstyles.csl+json"],
        "/api/records/{id}/history" => ["application/json", "application/x-ndjson"],
        "/api/exports/records" => ["application/x-ndjson"],
        "/api/audit/public-key" => ["application/x-pem-file"],
        _ when route.StartsWith("/api/reports/", StringComparison.Ordinal) => ["application/json", "text/csv"],
        _ => null,
    };

    public static IServiceCollection AddApiReference(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Catalogue",
                    Version = "1",
                    Description = "An event-sourced catalogue of archival documents: commands, reads, history and audit, finding aids, "
                        + "Dublin Core and OAI-PMH. Every refusal is RFC 9457 problem details, field by field.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [ApiKeyScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = "X-Api-Key",
                        Description = "An API key (see Keys and roles in the README); its role decides what it may call.",
                    },
                    [BearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "JWT",
                        Description = "A token from the institution's OpenID Connect provider; its roles claim decides what it may call.",
                    },
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeAsync);
            // A command refuses a field it does not take, at its top and inside it; the document says so, so that a client
            // checking its body against the schema finds a misspelt field before the service refuses it.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && CommandShapes(context.ApplicationServices, context.JsonTypeInfo.Options).Contains(context.JsonTypeInfo.Type))
                    schema.AdditionalPropertiesAllowed = false;
                return Task.CompletedTask;
            });
            // A field's value in a diff or blame is any JSON value; the generator gives JsonNode the schema {}, which null
            // satisfies too, so "null or a value" (oneOf) would match null twice and refuse it.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(JsonNode))
                {
                    schema.Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Boolean | JsonSchemaType.Array | JsonSchemaType.Object;
                    schema.Description = "Any JSON value but null.";
                }

                return Task.CompletedTask;
            });
        });

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi(DocumentRoute).AllowAnonymous();
        app.MapScalarApiReference(PageRoute, options => options.WithTitle("Catalogue API").WithOpenApiRoutePattern(DocumentRoute)).AllowAnonymous();
        return app;
    }

    private static readonly ConditionalWeakTable<IServiceProvider, HashSet<Type>> Shapes = new();

    /// <summary>
    /// The types a command body is read as — each command and every object inside it — as System.Text.Json sees them
    /// with the document generator's (the service's own) options: all are read refusing a member no field takes.
    /// </summary>
    private static HashSet<Type> CommandShapes(IServiceProvider services, JsonSerializerOptions options) => Shapes.GetValue(services, s =>
    {
        var shapes = new HashSet<Type>();
        var commands = s.GetRequiredService<EndpointDataSource>().Endpoints.SelectMany(e => e.Metadata.OfType<JsonCommandBodyMetadata>()).Select(m => m.CommandType);
        foreach (var command in commands) Add(command);
        return shapes;

        void Add(Type type)
        {
            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object when shapes.Add(info.Type):
                    foreach (var property in info.Properties) Add(property.PropertyType);
                    break;
                case JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary:
                    Add(info.ElementType!);
                    break;
            }
        }
    });

    /// <summary>The media types an import reads its streamed body as, or null for an endpoint that reads a JSON command or nothing.</summary>
    private static string[]? StreamedBody(string route) => route switch
    {
        "/api/imports" => ["text/plain"],
        "/api/imports/batches" => ["multipart/form-data"],
        "/api/imports/jsonl" => ["application/x-ndjson", "application/jsonl"],
        "/api/imports/csv" => ["text/csv"],
        _ => null,
    };

    /// <summary>
    /// The parameters of an endpoint that reads its own query (<see cref="Validation.ReadsItsOwnQueryAttribute"/>), which no
    /// parameter of its method declares: search's, and OAI-PMH's arguments (a GET's query, a POST's form). Null for any
    /// other endpoint, whose parameters the generator reads from its method.
    /// </summary>
    public static IReadOnlyList<Validation.OwnQueryParameter>? OwnQuery(string route) => route switch
    {
        "/api/search" => Search.SearchRequest.Described,
        Oai.HarvestEndpoint.Route => Oai.OaiRequest.Described,
        _ => null,
    };

    private static OpenApiParameter ParameterOf(Validation.OwnQueryParameter parameter) => new()
    {
        Name = parameter.Name,
        In = ParameterLocation.Query,
        Required = parameter.Required,
        Description = parameter.Description,
        Style = ParameterStyle.Form,
        Explode = true,
        Schema = SchemaOf(parameter),
    };

    /// <summary>A value as the endpoint takes it, in a list when the parameter may be repeated; a value sent blank is refused but where it may be.</summary>
    private static OpenApiSchema SchemaOf(Validation.OwnQueryParameter parameter)
    {
        var integer = parameter.Type == "integer";
        var value = new OpenApiSchema
        {
            Type = integer ? JsonSchemaType.Integer : JsonSchemaType.String,
            Enum = parameter.Allowed is { } allowed ? [.. allowed.Select(a => (JsonNode)JsonValue.Create(a))] : null,
            Minimum = parameter.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Maximum = parameter.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            MaxLength = parameter.MaxLength,
            MinLength = integer || parameter.TakesBlank ? null : 1,
            Pattern = parameter.Pattern ?? (integer || parameter.TakesBlank ? null : @"\S"),
            Default = parameter.Default is { } given ? (integer ? JsonValue.Create(int.Parse(given, System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(given)) : null,
        };
        return parameter.Repeatable ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = value, MaxItems = parameter.MaxItems } : value;
    }

    /// <summary>The shape of an answer that is not a type the generator reads: a report's JSON, or text of its media type.</summary>
    private static OpenApiSchema? AnswerSchema(string route, string mediaType) => mediaType switch
    {
        "application/json" => ReportSchemas.ShapeAt(route) is { } report ? ReportSchemas.Of(report) : null,
        _ => new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = mediaType switch
            {
                "application/x-ndjson" => "JSON lines: one JSON document a line.",
                "text/csv" => "CSV (RFC 4180) with a header row.",
                _ when mediaType.EndsWith("xml", StringComparison.Ordinal) => "An XML document.",
                _ => null,
            },
        },
    };

    private static OpenApiSchema WithDescription(OpenApiSchema schema, string description)
    {
        schema.Description = description;
        return schema;
    }

    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var method = context.Description.HttpMethod ?? "GET";
        var route = "/" + (context.Description.RelativePath ?? "").TrimStart('/');
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= new OpenApiResponses();

        // Wolverine names an operation by its generated handler, and tags it with its class: the capability reads better.
        operation.Summary = null;
        operation.Description = null;
        if (metadata.OfType<Wolverine.Http.HttpChain>().FirstOrDefault()?.Method.HandlerType is { } handler)
        {
            operation.Tags = new HashSet<OpenApiTagReference> { new(handler.Namespace?.Split('.').ElementAtOrDefault(2) ?? "Catalogue", context.Document) };
            operation.Summary = $"{handler.Name.Replace("Endpoints", "", StringComparison.Ordinal).Replace("Endpoint", "", StringComparison.Ordinal)}: {method} {route}";
        }

        var body = metadata.OfType<JsonCommandBodyMetadata>().FirstOrDefault();
        if (body is not null)
        {
            var needsNone = body.CommandType == typeof(EmptyBody);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !needsNone,
                Description = needsNone ? "None, or an empty JSON object: the command needs nothing beyond its address, and refuses a field." : null,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.CommandType, null, ct) },
                },
            };
        }

        // The imports read their bodies as streams of their own formats, which the endpoints' signatures do not show.
        if (method == "POST" && StreamedBody(route) is { } streamed)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = streamed.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }),
            };
        }

        // The endpoints answer IResult, whose shape the generator cannot see: a command's answer is known, a report's is
        // read from its shape, and the answers that are not JSON are text of their media type.
        if (operation.Responses.TryGetValue("200", out var ok) && ok.Content?.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }) == true)
        {
            var isCommand = body is not null && route.StartsWith("/api/records", StringComparison.Ordinal);
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = isCommand ? "Accepted: the record and the version it is now at (also the ETag)." : "OK",
                Content = isCommand
                    ? new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(CommandAccepted), null, ct) } }
                    : NotJson(route)?.ToDictionary(type => type, type => new OpenApiMediaType { Schema = AnswerSchema(route, type) }),
            };
        }

        // A name that is no report is only ever answered 404.
        if (route == "/api/reports/{name}") operation.Responses.Remove("200");

        // An endpoint that answers IResult is given a bare 200 besides what it declares: one that answers 201 or 204 does
        // not answer 200.
        if (operation.Responses.TryGetValue("200", out var bare) && bare.Content is not { Count: > 0 }
            && operation.Responses.Keys.Any(status => status is not "200" && status.StartsWith('2')))
            operation.Responses.Remove("200");

        // What the endpoint's metadata gives as a media type without a shape (XML, text, lines) is text of that type.
        foreach (var answer in operation.Responses.Values.SelectMany(r => r.Content ?? new Dictionary<string, OpenApiMediaType>()))
        {
            if (answer.Value.Schema is null && answer.Key != "application/json") answer.Value.Schema = AnswerSchema(route, answer.Key);
        }

        // An endpoint that reads its own query takes parameters its method does not declare.
        if (OwnQuery(route) is { } own)
        {
            if (method == "POST")
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The arguments as a form: the same as a GET's query, for arguments too long for a URL.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/x-www-form-urlencoded"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Properties = own.ToDictionary(p => p.Name, p => (IOpenApiSchema)WithDescription(SchemaOf(p), p.Description)),
                                Required = own.Where(p => p.Required).Select(p => p.Name).ToHashSet(),
                                AdditionalPropertiesAllowed = false,
                            },
                        },
                    },
                };
            }
            else
            {
                operation.Parameters = [.. own.Select(p => (IOpenApiParameter)ParameterOf(p))];
            }
        }

        // OAI-PMH answers everything with 200 and XML, its errors inside: harvesters read them there.
        if (route == Oai.HarvestEndpoint.Route)
        {
            operation.Security = [];
            operation.Description = "The OAI-PMH 2.0 provider, open without credentials; every answer is 200 and text/xml, errors included (see the README).";
            operation.Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = "An OAI-PMH response",
                    Content = new Dictionary<string, OpenApiMediaType> { ["text/xml"] = new() { Schema = AnswerSchema(route, "text/xml") } },
                },
            };
            return;
        }

        // A query value sent blank is refused (RequestParameters), but for the words typed to find something.
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is { In: ParameterLocation.Query, Name: { } name, Schema: OpenApiSchema { Type: { } type } schema }
                && type.HasFlag(JsonSchemaType.String) && !Validation.QueryParameterNames.TakesBlank(name))
            {
                schema.MinLength = 1;
                schema.Pattern = @"\S";
            }
        }

        // Every operation declares 400 as problem details (RequestParametersPolicy), so the schema is a component already.
        var problem = new OpenApiSchemaReference(nameof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.Document);
        void Problem(string status, string description)
        {
            if (!operation.Responses.ContainsKey(status))
                operation.Responses[status] = new OpenApiResponse { Description = description, Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = problem } } };
        }

        Problem("400", "The request is not valid: problem details with an error per field or parameter.");
        Problem("503", "The database is unavailable or too slow: nothing was changed; send it again after Retry-After.");
        if (route is FullTextRoute or AttachedTextRoute)
        {
            operation.Responses["206"] = new OpenApiResponse
            {
                Description = "The bytes one Range asked for (Content-Range names them), while If-Range, when sent, names the text's ETag.",
                Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = AnswerSchema(route, "text/plain") } },
            };
            Problem("416", "The Range starts past the text's end: Content-Range gives the text's length in bytes.");
        }

        if (body is not null)
        {
            Problem("409", "The record changed meanwhile (the current version is named), or the key is in use.");
            Problem("422", "What the record's state forbids, or an Idempotency-Key reused for another request.");
        }

        if (EndpointAccess.PolicyFor(method, route) is { } policy)
        {
            var roles = RolesOf(policy);
            Problem("401", "No credentials, or credentials not recognised.");
            Problem("403", "The credentials' role may not call this.");
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
            ];
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-catalogue-roles"] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => JsonValue.Create(r))]));
            operation.Description = policy == Policies.Read
                ? $"Roles: {string.Join(", ", roles)}, or anyone when public reads are on (readers and the public see published records only)."
                : $"Roles: {string.Join(", ", roles)}.";
        }
        else
        {
            operation.Security = [];
            operation.Description = "Open: no credentials needed.";
        }
    }
}
