package payway

// ParamsFromJSON is paramsFromJSON for the external tests.
var ParamsFromJSON = paramsFromJSON
