// Monaco runs its language services in web workers. build.mjs bundles each
// worker into its own module script under the asset prefix. It writes their
// URLs into data attributes of the page's #graphiql element, which this file
// reads. The workers therefore load from this origin, and CSP worker-src
// 'self' is enough because no blob: or data: worker is created.
const urls = document.getElementById('graphiql').dataset;

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    switch (label) {
      case 'json':
        return new Worker(urls.jsonWorker, { type: 'module', name: 'json' });
      case 'graphql':
        return new Worker(urls.graphqlWorker, { type: 'module', name: 'graphql' });
      default:
        return new Worker(urls.editorWorker, { type: 'module', name: label });
    }
  },
};
