using Catalogue.Api.Audit;
using Catalogue.Api.Authorities.People;
using Catalogue.Api.Hosting;

namespace Catalogue.Api.Authorities;

public static class AuthoritiesRegistration
{
    /// <summary>
    /// The authorities — people, places and subjects — as access points to the records: person events under their stored
    /// names, two async read models (each record's access points, the directory of names) and the people's authorities,
    /// inline: which person a name is is decided against them, so they are written with each person command's events
    /// (<see cref="PersonWriter"/>); the counts and suggestions are read from all three.
    /// </summary>
    public static CatalogueBuilder AddAuthorities(this CatalogueBuilder catalogue) => catalogue
        .Model(PersonEvents.Register)
        .AsyncReadModel<RecordAccessPointsProjection, RecordAccessPoints>()
        .AsyncReadModel<AuthorityNameProjection, AuthorityName>()
        .ReadModel<PersonAuthorityProjection, PersonAuthority>()
        .Services(builder => builder.Services.AddScoped<PersonWriter>())
        // An earlier version folded a name by UTF-16 unit, so a letter beyond the Basic Multilingual Plane was a space to it
        // and "𠮷 Taro" the same person as "Taro", and kept ß and ς, so "Strauß" was not "STRAUSS": the documents naming
        // one of those letters are made again.
        .ReadModelShape(new(nameof(RecordAccessPoints), RecordAccessPoints.Table, AccessPointKeys.FoldedByCharacter, Earlier,
            AccessPointKeys.FoldedOtherwiseBefore(null, "concat(data -> 'Creators', data -> 'Participants', data -> 'Translations', data -> 'Acquisitions', data -> 'Places', data -> 'Subjects')")))
        .ReadModelShape(new(nameof(AuthorityName), AuthorityName.Table, AccessPointKeys.FoldedByCharacter, Earlier,
            AccessPointKeys.FoldedOtherwiseBefore(null, "data -> 'Name'")))
        .ReadModelShape(new(nameof(PersonAuthority), PersonAuthority.Table, AccessPointKeys.FoldedByCharacter, Earlier,
            AccessPointKeys.FoldedOtherwiseBefore(null, "data")));

    private const string Earlier = "took a letter beyond the Basic Multilingual Plane (𠮷) in a name for a space, and kept ß and ς as they were";
}
