using Catalogue.Api.Authorities.People;
using Catalogue.Api.Hosting;

namespace Catalogue.Api.Authorities;

public static class AuthoritiesRegistration
{
    /// <summary>
    /// The authorities — people, places and subjects — as access points to the records: person events under their stored
    /// names, and three async read models (each record's access points, the directory of names, the people's authorities)
    /// that the counts and suggestions are read from; the person commands' write path.
    /// </summary>
    public static CatalogueBuilder AddAuthorities(this CatalogueBuilder catalogue) => catalogue
        .Model(PersonEvents.Register)
        .AsyncReadModel<RecordAccessPointsProjection, RecordAccessPoints>()
        .AsyncReadModel<AuthorityNameProjection, AuthorityName>()
        .AsyncReadModel<PersonAuthorityProjection, PersonAuthority>()
        .Services(builder => builder.Services.AddScoped<PersonWriter>());
}
