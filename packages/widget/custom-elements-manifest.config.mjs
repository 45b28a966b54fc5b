// `cem analyze` reads the JSDoc of the element classes (@tagname, @event, @csspart,
// @cssproperty) into custom-elements.json. Kept: the documented, prefixed events (the analyzer
// also reports the parameter of the private emit helper) and the documented attributes (internal
// reactive state is declared in the same static properties but carries no description).
export default {
  globs: ['src/**/*.component.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'signet-documented-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            const internal = new Set(
              (declaration.attributes ?? [])
                .filter((attribute) => !attribute.description)
                .map((attribute) => attribute.fieldName),
            );
            if (declaration.attributes) {
              declaration.attributes = declaration.attributes.filter((a) => a.description);
            }
            if (declaration.members) {
              declaration.members = declaration.members.filter((m) => !internal.has(m.name));
            }
            if (declaration.events) {
              declaration.events = declaration.events.filter((event) =>
                event.name.startsWith('signet-'),
              );
            }
          }
        }
      },
    },
  ],
};
