using System.Runtime.CompilerServices;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace Catalogue.Api.Records;

/// <summary>
/// Functions and triggers that capabilities put on Marten's own tables (the chain's guards, the appends' wait for
/// maintenance), gathered into one Marten feature. Marten creates custom features after its own tables, which a
/// trigger needs, but orders separate features by a hash that changes from one process to the next; in one feature
/// they keep the order the capabilities add them, and the committed migration stays the same.
/// </summary>
public sealed class CatalogueSchemaObjects : FeatureSchemaBase
{
    private static readonly ConditionalWeakTable<StoreOptions, CatalogueSchemaObjects> ByStore = new();

    private readonly List<ISchemaObject> _objects = [];

    private CatalogueSchemaObjects(StoreOptions opts) : base("CatalogueSchemaObjects", opts.Advanced.Migrator)
    {
    }

    /// <summary>Adds the objects after those added before them; each is created after Marten's tables.</summary>
    public static StoreOptions Add(StoreOptions opts, params ISchemaObject[] objects)
    {
        var feature = ByStore.GetValue(opts, o =>
        {
            var created = new CatalogueSchemaObjects(o);
            o.Storage.Add(created);
            return created;
        });
        feature._objects.AddRange(objects);
        return opts;
    }

    protected override IEnumerable<ISchemaObject> schemaObjects() => _objects;
}
