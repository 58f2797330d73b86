using Catalogue.Api.Reports;
using Microsoft.OpenApi;

namespace Catalogue.Api.Interop.OpenApi;

/// <summary>
/// A report's JSON as a schema, read from the same <see cref="ReportShape"/> that writes it: its levels (translator;
/// funder → note; repository → fond → opis), each line's count, and the lines under it. The reports are written as JSON
/// trees, not from types the generator could read.
/// </summary>
public static class ReportSchemas
{
    public static ReportShape? ShapeAt(string route) => ReportShape.All.FirstOrDefault(s => s.Route == route);

    public static OpenApiSchema Of(ReportShape shape) => new()
    {
        Type = JsonSchemaType.Object,
        Description = $"The {shape.Name} report: a line per {string.Join(" → ", shape.Levels)}, each with the records it counts.",
        Required = new HashSet<string> { "report", "counted", "items" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["report"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = shape.Name },
            ["counted"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "\"records in any state\" for staff, whose lines also count by state; \"published records\" for readers and the public.",
            },
            ["items"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = LineAt(shape, 0) },
        },
    };

    private static OpenApiSchema LineAt(ReportShape shape, int level)
    {
        var name = shape.Levels[level];
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            [name] = shape.IsNumber(level)
                ? new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Description = "The year; null on the line of the undated records." }
                : new OpenApiSchema { Type = JsonSchemaType.String },
            ["records"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
            ["byStatus"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Staff only: the records counted, by state.",
                Required = new HashSet<string> { "draft", "published", "withdrawn" },
                Properties = new[] { "draft", "published", "withdrawn" }
                    .ToDictionary(s => s, _ => (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" }),
            },
            ["search"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The search that finds the records this line counts; absent where search cannot filter by the line.",
            },
        };
        if (level < shape.Under.Count)
            properties[shape.Under[level]] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = LineAt(shape, level + 1) };

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>([name, "records", .. level < shape.Under.Count ? [shape.Under[level]] : Array.Empty<string>()]),
            Properties = properties,
        };
    }
}
