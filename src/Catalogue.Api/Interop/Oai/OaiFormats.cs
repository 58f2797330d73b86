using Catalogue.Api.Interop.DublinCore;
using Catalogue.Api.Interop.Ead;

namespace Catalogue.Api.Interop.Oai;

/// <summary>A metadata format the provider disseminates every record in.</summary>
public sealed record OaiFormat(string Prefix, string Schema, string Namespace);

public static class OaiFormats
{
    public static readonly OaiFormat OaiDc = new("oai_dc", DublinCoreRecord.OaiDcSchema, DublinCoreRecord.OaiDcNamespace);
    public static readonly OaiFormat Ead3 = new("ead3", EadDocument.SchemaLocation, EadDocument.Namespace);

    public static readonly IReadOnlyList<OaiFormat> All = [OaiDc, Ead3];

    public static OaiFormat? Find(string prefix) => All.FirstOrDefault(f => f.Prefix == prefix);
}
