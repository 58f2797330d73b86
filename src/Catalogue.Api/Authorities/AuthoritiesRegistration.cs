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
        // An earlier version folded names otherwise ("𠮷 Taro" was "Taro", "Strauß" not "STRAUSS", ド was ト): the documents
        // naming a letter it folded otherwise are made again.
        .ReadModelShape(new(nameof(RecordAccessPoints), RecordAccessPoints.Table, AccessPointKeys.FoldedByCharacter, AccessPointKeys.FoldedOtherwise,
            AccessPointKeys.FoldedOtherwiseBefore(null, "concat(data -> 'Creators', data -> 'Participants', data -> 'Translations', data -> 'Acquisitions', data -> 'Places', data -> 'Subjects')")))
        .ReadModelShape(new(nameof(AuthorityName), AuthorityName.Table, AccessPointKeys.FoldedByCharacter, AccessPointKeys.FoldedOtherwise,
            AccessPointKeys.FoldedOtherwiseBefore(null, "data -> 'Name'")))
        // Every person's authority, which also says now the key its stream was named by (FoundingKey): few, and read only
        // from the people's events.
        .ReadModelShape(new(nameof(PersonAuthority), PersonAuthority.Table, AccessPointKeys.FoldedByCharacter, AccessPointKeys.FoldedOtherwise));
}
