import"./chunk-4L5RI3VG.js";function r(){throw new Error("subscriptions are not supported by this playground")}export{r as createClient};
