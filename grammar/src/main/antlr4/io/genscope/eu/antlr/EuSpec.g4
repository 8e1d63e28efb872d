/*
 * EuSpec: genscope's description language for the Intel EU (shader) instruction set.
 *
 * One file per generation family; a family may extend another and then states only what
 * differs (a definition of the same kind and name replaces the inherited one, `remove` drops it).
 *
 *   isa gen9 extends gen8;
 *   field native dst_da_reg_nr = 60:53;           # bits hi:lo of the 128-bit form
 *   field native send_ex_desc = 94:91, 67:64, 0{16};  # pieces concatenated, MSB first
 *   field compact src0_index = 34:30;             # bits of the 64-bit compacted form
 *   opcode 1 mov srcs 1 dsts 1;                   # hardware opcode, mnemonic, operand counts
 *   table control_index { 0x2, 0x4000 }           # compaction table, index order
 *   names conditional_modifier { 1 = ".z"; }      # value -> text as the disassembler prints it
 */
grammar EuSpec;

spec        : header decl* EOF ;
header      : 'isa' name=ID ('extends' parent=ID)? ';' ;
decl        : 'field' form=ID name=ID '=' piece (',' piece)* ';'           # fieldDecl
            | 'opcode' hw=INT name=ID 'srcs' srcs=INT 'dsts' dsts=INT ';'  # opcodeDecl
            | 'table' name=ID '{' (INT (',' INT)*)? '}'                    # tableDecl
            | 'names' name=ID '{' entry* '}'                               # namesDecl
            | 'remove' kind=('field'|'opcode'|'table'|'names') key+=(ID|INT)+ ';'  # removeDecl
            ;
piece       : hi=INT ':' lo=INT                                            # bitsPiece
            | zeros=INT '{' count=INT '}'                                  # zeroPiece
            ;
entry       : INT '=' STRING ';' ;

INT         : [0-9]+ | '0x' [0-9a-fA-F]+ ;
ID          : [a-zA-Z_0-9] [a-zA-Z_0-9.]* ;
STRING      : '"' ( '\\' . | ~["\\] )* '"' ;
COMMENT     : '#' ~[\r\n]* -> skip ;
WS          : [ \t\r\n]+ -> skip ;
