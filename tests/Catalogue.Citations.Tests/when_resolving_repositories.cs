namespace Catalogue.Citations.Tests;

/// <summary>Any way a citation writes a repository — code, alias, full name, former name, Cyrillic — finds its authority.</summary>
public class when_resolving_repositories
{
    [Theory]
    [InlineData("AP RF", "APRF")]
    [InlineData("APRF", "APRF")]
    [InlineData("aprf", "APRF")]
    [InlineData("A.P. R.F.", "APRF")]
    [InlineData("Archive of the President of the Russian Federation", "APRF")]
    [InlineData("archive of the president of the russian federation", "APRF")]
    [InlineData("АП РФ", "APRF")]
    [InlineData("AVP RF", "AVPRF")]
    [InlineData("АВП РФ", "AVPRF")]
    [InlineData("RTsKhIDNI", "RGASPI")]
    [InlineData("TsKhSD", "RGANI")]
    [InlineData("TsAMO RF", "TsAMO")]
    [InlineData("GA RF", "GARF")]
    [InlineData("State Archive of the Russian Federation (GA RF)", "GARF")]
    [InlineData("State Archive of the Russian Federation", "GARF")]
    [InlineData("  the State Archive of the Russian Federation  ", "GARF")]
    [InlineData("Archive of the Romanian Ministry of Foreign Affairs (AMAE)", "AMAE")]
    [InlineData("Archive of the Romanian Ministry of Foreign Affairs", "AMAE")]
    [InlineData("PRC FMA", "PRC FMA")]
    [InlineData("Chinese Foreign Ministry Archive", "PRC FMA")]
    [InlineData("SAPMO-BArch", "SAPMO-BArch")]
    [InlineData("MOL", "MNL OL")]
    [InlineData("MNL OL", "MNL OL")]
    [InlineData("AAN", "AAN")]
    [InlineData("GAPPOD", "GAPPOD")]
    [InlineData("NARA", "NARA")]
    [InlineData("National Archives", "NARA")]
    [InlineData("Washington National Records Center", "NARA")]
    [InlineData("Johnson Library", "LBJ Library")]
    [InlineData("Lyndon B. Johnson Library", "LBJ Library")]
    [InlineData("Kennedy Library", "JFK Library")]
    [InlineData("Truman Library", "Truman Library")]
    [InlineData("Eisenhower Library", "Eisenhower Library")]
    [InlineData("Nixon Presidential Materials Project", "Nixon Library")]
    [InlineData("Ford Library", "Ford Library")]
    [InlineData("Carter Library", "Carter Library")]
    [InlineData("Reagan Library", "Reagan Library")]
    [InlineData("Central Intelligence Agency", "CIA")]
    [InlineData("Department of State", "DOS")]
    public void an_alias_or_former_name_resolves_to_the_authority(string written, string code)
    {
        Assert.Equal(code, RepositoryAuthorities.Resolve(written)?.Code);
    }

    [Theory]
    [InlineData("University of Montana")]
    [InlineData("Archive")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("State Archive of the Russian Federation (Moscow) and more")]
    public void an_unknown_name_resolves_to_nothing(string written)
    {
        Assert.Null(RepositoryAuthorities.Resolve(written));
    }

    [Fact]
    public void the_list_has_every_repository_citations_name()
    {
        string[] codes =
        [
            "AVPRF", "APRF", "RGASPI", "GARF", "RGANI", "RGAE", "TsAMO", "RGVA", "RGVIA", "RGALI", "RGIA", "RGADA", "GAPPOD", "PRC FMA", "SAPMO-BArch",
            "MNL OL", "AAN", "AMAE", "NARA", "Truman Library", "Eisenhower Library", "JFK Library", "LBJ Library", "Nixon Library", "Ford Library",
            "Carter Library", "Reagan Library", "CIA", "DOS",
        ];

        Assert.Equal(codes.Order(), RepositoryAuthorities.All.Select(a => a.Code).Order());
        Assert.All(RepositoryAuthorities.All, a =>
        {
            Assert.False(string.IsNullOrWhiteSpace(a.NameEnglish));
            Assert.Equal(2, a.Country.Length);
            Assert.Same(a, RepositoryAuthorities.Resolve(a.Code));
            Assert.Same(a, RepositoryAuthorities.Resolve(a.NameEnglish));
            Assert.All(a.Aliases.Concat(a.FormerNames), name => Assert.Same(a, RepositoryAuthorities.Resolve(name)));
        });
    }

    [Fact]
    public void former_names_are_told_apart_from_aliases()
    {
        var rgaspi = RepositoryAuthorities.Resolve("RGASPI")!;

        Assert.Contains("RTsKhIDNI", rgaspi.FormerNames);
        Assert.DoesNotContain("RTsKhIDNI", rgaspi.Aliases);
        Assert.Contains("TsKhSD", RepositoryAuthorities.Resolve("RGANI")!.FormerNames);
    }
}
