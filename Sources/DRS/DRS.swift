// DRS client (rest-json, signing name drs): the operations the engine and views use.
