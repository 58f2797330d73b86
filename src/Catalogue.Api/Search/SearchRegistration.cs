using Catalogue.Api.Audit;
using Catalogue.Api.Hosting;
using Marten;

namespace Catalogue.Api.Search;

public static class SearchRegistration
{
    /// <summary>
    /// Search: its async read model (a document per record, folded by the one fold), the search index PostgreSQL keeps
    /// beside it (live store only: a scratch rebuild compares documents, and read-model maintenance checks and repairs the index rows against the live documents), and <c>GET /api/search</c>, which Wolverine finds.
    /// </summary>
    public static CatalogueBuilder AddSearch(this CatalogueBuilder catalogue) => catalogue
        .AsyncReadModel<RecordSearchProjection, RecordSearch>()
        .Services(builder =>
        {
            builder.Services.AddSingleton(SearchOptions.From(builder.Configuration));
            builder.Services.AddSingleton(SearchesAtOnce.From(builder.Configuration));
            builder.Services.ConfigureMarten(opts => opts.AddSearchIndex());
            builder.Services.AddSingleton<Audit.IDerivedTable, SearchIndexTable>();
            builder.Services.AddSingleton<SearchIndexUpgrade>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SearchIndexUpgrade>());
        })
        // An earlier version folded names otherwise (Authorities.AccessPointKeys.FoldedOtherwise): the documents naming a
        // letter it folded otherwise are made again, their filters' keys with them.
        .ReadModelShape(new(nameof(RecordSearch), RecordSearch.Table, Authorities.AccessPointKeys.FoldedByCharacter, Authorities.AccessPointKeys.FoldedOtherwise,
            Authorities.AccessPointKeys.FoldedOtherwiseBefore(null, "concat(data #> '{Record,Creators}', data #> '{Record,Participants}', "
                + "data #> '{Record,Translations}', data #> '{Record,AcquisitionCredits}', data #> '{Record,FundingNotes}', data #> '{Record,Subjects}')")));
}
