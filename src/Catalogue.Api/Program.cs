using Catalogue.Api.Audit;
using Catalogue.Api.Authorities;
using Catalogue.Api.Credits;
using Catalogue.Api.Generation;
using Catalogue.Api.History;
using Catalogue.Api.Hosting;
using Catalogue.Api.Imports;
using Catalogue.Api.Interop;
using Catalogue.Api.Observability;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Reports;
using Catalogue.Api.Search;
using Catalogue.Api.Security;
using Catalogue.Api.Validation;

return await Program.Capabilities(args).RunAsync();

/// <summary>Visible to the integration tests' host.</summary>
public partial class Program
{
    /// <summary>
    /// What Catalogue does, a capability a line, each registering its store model, services and verbs beside its code.
    /// <c>help</c> lists the verbs in this order.
    /// </summary>
    public static CatalogueBuilder Capabilities(string[] args) => new CatalogueBuilder(args)
        .AddRecords()
        .AddImports()
        .AddGeneration()
        .AddSecurity()
        .AddProvenance()
        .AddSearch()
        .AddCredits()
        .AddAuthorities()
        .AddHistory()
        .AddInterop()
        .AddReports()
        .AddAudit()
        .AddObservability()
        .AddValidation();
}
