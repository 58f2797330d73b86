using Catalogue.Api.Hosting;
using Catalogue.Tests.Support;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// The service loads its endpoints' and handlers' code compiled with it (src/Catalogue.Api/Internal/Generated, written
/// by <c>codegen write</c>) and compiles nothing when it starts. Code generated for an older shape of an endpoint would
/// still compile and run, doing what the endpoint used to do: so the code the service would generate now must be the
/// code committed, file for file.
/// </summary>
public sealed class when_the_handlers_code_is_generated_ahead_of_time(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_committed_code_is_what_the_service_generates_now()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("generated_code");
        var collections = catalogue.Services.GetServices<ICodeFileCollection>().ToArray();
        var fresh = Directory.CreateTempSubdirectory("catalogue-codegen-").FullName;
        var rules = collections.Select(c => c.Rules).Distinct().ToArray();
        var committedAt = rules.Select(r => r.GeneratedCodeOutputPath).ToArray();
        try
        {
            foreach (var rule in rules) rule.GeneratedCodeOutputPath = fresh;
            new DynamicCodeBuilder(catalogue.Services, collections) { ServiceVariableSource = catalogue.Services.GetService<IServiceVariableSource>() }
                .WriteGeneratedCode(_ => { });
        }
        finally
        {
            for (var i = 0; i < rules.Length; i++) rules[i].GeneratedCodeOutputPath = committedAt[i];
        }

        var committed = RepositoryFiles.PathOf("src", "Catalogue.Api", "Internal", "Generated");
        Assert.Equal(Path.GetFullPath(committed), Path.GetFullPath(GeneratedCode.Directory));
        var generated = Files(fresh);
        var stored = Files(committed);
        Assert.NotEmpty(generated);
        var advice = "Regenerate it: dotnet run --project src/Catalogue.Api -- codegen write (README, \"Generated code\").";
        Assert.True(generated.Keys.Order().SequenceEqual(stored.Keys.Order()), $"The generated files differ from those committed. {advice}");
        foreach (var (file, text) in generated)
        {
            Assert.True(text == stored[file], $"{file} is not what the service generates now. {advice}");
        }

        Directory.Delete(fresh, recursive: true);
    }

    private static Dictionary<string, string> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"));
}
