# The image of Coxswain's components for a real cluster: its entrypoint is the coxswain CLI, so a container's args pick
# the command (`manager`, ...). The local cluster (`coxswain up`) needs no image: it runs the same CLI as processes.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Coxswain -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER 65532:65532
ENTRYPOINT ["dotnet", "/app/coxswain.dll"]
